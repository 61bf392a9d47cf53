using System.Globalization;
using System.Text.RegularExpressions;
using ResourceServers.Tests.TestSupport;

namespace ResourceServers.IntegrationTests.Emulator;

/// <summary>The botocore SigV4 vector of <c>tests/TestData/cognito/sigv4-vector.txt</c>, read from the file rather than copied.</summary>
internal sealed record SigV4Vector(
    string AccessKeyId,
    string SecretAccessKey,
    string Region,
    string Service,
    DateTimeOffset Time,
    string Body,
    string CanonicalRequest,
    string StringToSign,
    string AmzDate,
    string Authorization,
    IReadOnlyList<(string Name, string Value)> SignedHeaders)
{
    public static SigV4Vector Load()
    {
        var text = TestData.ReadCognito("sigv4-vector.txt").ReplaceLineEndings("\n");
        var lines = text.Split('\n');
        string Line(string prefix) => lines.Single(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..].Trim();
        string Block(string start, string end)
        {
            var from = text.IndexOf(start + "\n", StringComparison.Ordinal) + start.Length + 1;
            var to = text.IndexOf("\n" + end, from, StringComparison.Ordinal);
            return text[from..to];
        }

        var settings = Regex.Match(Line("Region:"), @"^(?<region>\S+)\s+Service:\s*(?<service>\S+)\s+Time:\s*(?<time>\S+)");
        var canonical = Block("CANONICAL REQUEST:", "STRING TO SIGN:");
        // Header lines sit between the query line (third) and the blank line.
        var headerLines = canonical.Split('\n').Skip(3).TakeWhile(l => l.Length > 0);
        return new SigV4Vector(
            Line("Access key:"),
            Line("Secret key:"),
            settings.Groups["region"].Value,
            settings.Groups["service"].Value,
            DateTimeOffset.Parse(settings.Groups["time"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            Line("BODY:"),
            canonical,
            Block("STRING TO SIGN:", "X-Amz-Date:"),
            Line("X-Amz-Date:"),
            Line("Authorization:"),
            [.. headerLines.Select(l => (l[..l.IndexOf(':', StringComparison.Ordinal)], l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..]))]);
    }
}
