
namespace ResourceServers.IntegrationTests.Conformance;

/// <summary>
/// What a driver saw for one step, in a form every driver can produce, so the CLI's and the library's runs compare
/// with plain equality. The user pool id is written as <c>&lt;pool&gt;</c> because each driver works in its own pool.
/// </summary>
internal sealed record Observation(string Text)
{
    public const string PoolPlaceholder = "<pool>";

    public static Observation Done() => new("ok");

    public static Observation Server(string identifier, string name, IEnumerable<ResourceServerScope>? scopes) =>
        new($"ok {identifier} \"{name}\" {Render(scopes)}");

    public static Observation Page(IEnumerable<string> identifiers, bool more) =>
        new($"ok [{string.Join(", ", identifiers)}] {(more ? "more" : "end")}");

    /// <summary>
    /// The service answered with an error; only its message's first line is kept (signature errors append the
    /// canonical request), with the driver's own pool written as <see cref="PoolPlaceholder"/>.
    /// </summary>
    public static Observation ServiceError(string code, string? message, string ownPool)
    {
        var line = FirstLine(message);
        return new($"service error {code}: {(ownPool.Length == 0 ? line : line.Replace(ownPool, PoolPlaceholder, StringComparison.Ordinal))}");
    }

    public static Observation RejectedBeforeSending(string member) => new($"rejected before sending: {member}");

    public static Observation Unexpected(string what) => new($"UNEXPECTED {what}");

    public override string ToString() => Text;

    /// <summary><c>[]</c> for an empty list, <c>(absent)</c> when there is no list at all: the two must not look alike.</summary>
    private static string Render(IEnumerable<ResourceServerScope>? scopes) =>
        scopes is null ? "(absent)" : $"[{string.Join(", ", scopes.Select(static s => $"{s.Name}={s.Description}"))}]";

    private static string FirstLine(string? message)
    {
        var text = (message ?? string.Empty).Trim();
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? text : text[..newline]).TrimEnd();
    }
}
