using ResourceServers.Tests.TestSupport;

namespace ResourceServers.Tests.Validation;

/// <summary>
/// A scope list is checked with a quick test per scope that builds no message, falling back to the full checks only
/// for a scope that fails it. Whatever the single-scope checks reject, the list must reject too, naming the scope by
/// its position, and whatever they accept it must accept: a lenient quick test would let a bad scope reach the
/// service (or be written by a patch).
/// </summary>
public class ScopeListRulesTests
{
    private const string Pool = "us-east-1_abc123";
    private const string Id = "https://api.example.com";

    // A code point outside the BMP: two UTF-16 units, one character as the service counts.
    private const string Emoji = "\U0001F600";

    // Named rows (see NamedRows): a string with a lone surrogate cannot be a serialized theory argument.
    private static readonly NamedRows<(string Name, string Description, string Member, string Detail)> BadScopeRows = new()
    {
        { "name of 257", (new string('n', 257), "Read", "Scopes[1].ScopeName", "length was 257") },
        { "empty name", (string.Empty, "Read", "Scopes[1].ScopeName", "length was 0") },

        // Both members out of range the same way: a quick test that let one through would let the scope through.
        { "empty name and description", (string.Empty, string.Empty, "Scopes[1].ScopeName", "length was 0") },
        { "name and description of 257", (new string('n', 257), new string('d', 257), "Scopes[1].ScopeName", "length was 257") },
        { "empty description", ("read", string.Empty, "Scopes[1].ScopeDescription", "length was 0") },
        { "description of 257 emoji", ("read", string.Concat(Enumerable.Repeat(Emoji, 257)), "Scopes[1].ScopeDescription", "length was 257") },
        { "lone high at the end", ("read", "ends in a lone high \uD800", "Scopes[1].ScopeDescription", "unpaired surrogate U+D800 at index 20") },
        { "lone low at the start", ("read", "\uDC00 starts with a lone low", "Scopes[1].ScopeDescription", "unpaired surrogate U+DC00 at index 0") },
        { "two lows", ("read", "\uDC00\uDC00", "Scopes[1].ScopeDescription", "unpaired surrogate U+DC00 at index 0") },
        { "low then high", ("read", "\uDC00\uD800", "Scopes[1].ScopeDescription", "unpaired surrogate U+DC00 at index 0") },
        { "two highs", ("read", "\uD800\uD800", "Scopes[1].ScopeDescription", "unpaired surrogate U+D800 at index 0") },
        { "emoji then a lone low", ("read", Emoji + "\uDE00", "Scopes[1].ScopeDescription", "unpaired surrogate U+DE00 at index 2") },
    };

    public static TheoryData<string> BadScopes => BadScopeRows.Names;

    [Theory]
    [MemberData(nameof(BadScopes))]
    public void A_list_rejects_what_the_single_scope_checks_reject_naming_its_position(string bad)
    {
        var (name, description, member, detail) = BadScopeRows[bad];
        var scopes = new[] { new ResourceServerScope("first", "First"), new ResourceServerScope(name, description) };

        var ex = Assert.Throws<ResourceServerValidationException>(() => ResourceServerValidator.Validate(new ResourceServer(Pool, Id, "api", scopes)));

        Assert.Equal((member, detail), (ex.Member, ex.Detail));
    }

    private static readonly NamedRows<(string Name, string Description)> GoodScopeRows = new()
    {
        { "shortest", ("r", "R") },
        { "longest", (new string('n', 256), new string('d', 256)) },
        { "256 emoji", ("emoji", string.Concat(Enumerable.Repeat(Emoji, 256))) },
        { "a letter and 255 emoji", ("emoji.mixed", "x" + string.Concat(Enumerable.Repeat(Emoji, 255))) },
        { "a pair inside", ("pair", "a well-formed pair " + Emoji + " inside") },
    };

    public static TheoryData<string> GoodScopes => GoodScopeRows.Names;

    [Theory]
    [MemberData(nameof(GoodScopes))]
    public void A_list_accepts_what_the_single_scope_checks_accept(string good)
    {
        var (name, description) = GoodScopeRows[good];
        ResourceServerValidator.ValidateScopeName(name, "ScopeName");
        ResourceServerValidator.ValidateScopeDescription(description, "ScopeDescription");

        ResourceServerValidator.Validate(new ResourceServer(Pool, Id, "api", [new("first", "First"), new(name, description)]));
    }
}
