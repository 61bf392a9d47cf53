using System.Globalization;
using System.Text;
using ResourceServers.Tool.Manifests;

namespace ResourceServers.Tool.Output;

/// <summary>
/// What the tool adds when it runs in a GitHub Actions job (<c>GITHUB_ACTIONS=true</c>): its errors as workflow
/// annotations (<c>::error file=...,line=...,col=...::...</c>), so a manifest error is marked on the pull request's
/// line; and the plan appended to the job summary, the file <c>GITHUB_STEP_SUMMARY</c> names. Annotations go to
/// standard error, which the runner reads for workflow commands as it reads standard output, so standard output stays
/// the plan alone (JSON a program parses, markdown a step posts).
/// </summary>
internal static class GitHubActions
{
    public static bool IsActive => Environment.GetEnvironmentVariable("GITHUB_ACTIONS") == "true";

    /// <summary>Writes the error annotation of <paramref name="error"/> (file, line and column for a manifest error).</summary>
    public static void Annotate(Exception error)
    {
        var properties = new List<string>();
        if (error is ManifestException manifest)
        {
            properties.Add("file=" + EscapeProperty(Printable.Of(manifest.File)));
            if (manifest.Line > 0)
            {
                properties.Add(string.Create(CultureInfo.InvariantCulture, $"line={manifest.Line}"));
                properties.Add(string.Create(CultureInfo.InvariantCulture, $"col={manifest.Column}"));
            }

            properties.Add("title=" + EscapeProperty("resource-servers: " + Printable.Of(manifest.Member)));
        }
        else
        {
            properties.Add("title=resource-servers");
        }

        Console.Error.WriteLine($"::error {string.Join(',', properties)}::{EscapeData(Printable.OfLines(error.Message))}");
    }

    /// <summary>Writes the error annotation of a pool that could not be planned or applied.</summary>
    public static void AnnotatePool(string userPoolId, string error) =>
        Console.Error.WriteLine($"::error title=resource-servers::{EscapeData($"user pool {Printable.Of(userPoolId)}: {Printable.OfLines(error)}")}");

    /// <summary>Appends <paramref name="markdown"/> to the job summary; says on standard error why when it cannot.</summary>
    public static void AppendStepSummary(string markdown)
    {
        var path = Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        try
        {
            File.AppendAllText(path, markdown + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"warning: the plan could not be added to the job summary (GITHUB_STEP_SUMMARY): {Printable.Of(ex.Message)}");
        }
    }

    /// <summary>A workflow command's message: '%', CR and LF encoded, as the runner's toolkit does (so a value cannot start a command of its own).</summary>
    public static string EscapeData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>A workflow command's property value: as <see cref="EscapeData"/>, and ':' and ',' too, which end a value.</summary>
    public static string EscapeProperty(string value) =>
        EscapeData(value).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
