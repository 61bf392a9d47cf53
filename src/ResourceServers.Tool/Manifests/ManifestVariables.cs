using System.Text.RegularExpressions;

namespace ResourceServers.Tool.Manifests;

/// <summary>
/// The variables a manifest may name as <c>${NAME}</c>: only those the command line passes with <c>--var NAME</c>
/// (the value taken from the environment variable NAME) or <c>--var NAME=VALUE</c>. A manifest comes from a pull
/// request, the command line from whoever owns the pipeline, so a manifest cannot make the tool read, send or print
/// an environment variable (a token, say) that the pipeline did not hand it.
/// </summary>
internal sealed partial class ManifestVariables
{
    private readonly Dictionary<string, string?> _values;

    private ManifestVariables(Dictionary<string, string?> values) => _values = values;

    /// <summary>None: every <c>${NAME}</c> is refused.</summary>
    public static ManifestVariables None { get; } = new([]);

    /// <summary>Reads the <c>--var</c> values.</summary>
    /// <param name="specs">Each <c>NAME</c> or <c>NAME=VALUE</c>.</param>
    /// <param name="environment">Where <c>NAME</c> alone is looked up.</param>
    /// <exception cref="Commands.ToolException">A spec is not <c>NAME</c> or <c>NAME=VALUE</c>, or a name is given twice.</exception>
    public static ManifestVariables From(IEnumerable<string> specs, Func<string, string?> environment)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var equals = spec.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? spec : spec[..equals];
            if (!Name().IsMatch(name))
            {
                throw new Commands.ToolException($"--var takes NAME or NAME=VALUE, NAME being letters, digits and '_' not starting with a digit; '{Output.Printable.Of(name)}' is not such a name.");
            }

            if (!values.TryAdd(name, equals < 0 ? environment(name) : spec[(equals + 1)..]))
            {
                throw new Commands.ToolException($"--var {name} is given twice.");
            }
        }

        return new ManifestVariables(values);
    }

    /// <summary>Whether the command line passed <paramref name="name"/>; its value (null when the environment lacks it).</summary>
    public bool TryGet(string name, out string? value) => _values.TryGetValue(name, out value);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Name();
}
