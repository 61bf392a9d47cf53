using System.Globalization;
using System.Net;
using System.Text;
using ResourceServers.Tool.Commands;

namespace ResourceServers.Tool.Output;

/// <summary>
/// The plan as a pull-request comment or a job summary (<c>plan --output markdown</c>, and <c>GITHUB_STEP_SUMMARY</c>):
/// the summary line, a table of the pending changes, each change's diff in a collapsed section, and the pools that
/// could not be read. Every value from a manifest or from Cognito is inert there: in a table cell it is a code span
/// (no markup, no HTML, no @mention or #reference is read inside one) with its pipes escaped, in a summary an HTML
/// <c>code</c> element with HTML's escaping, in a diff a fenced block whose fence is longer than any run of backticks
/// it holds. Values are first made printable (<see cref="Printable"/>), so no line break can end a cell or a block.
/// </summary>
internal static class PlanMarkdown
{
    public static string Write(IReadOnlyList<PoolPlan> plans)
    {
        var markdown = new StringBuilder();
        markdown.Append("#### resource-servers plan\n\n");
        markdown.Append("**").Append(PlanTable.SummaryLine(PlanSummary.Of(plans))).Append("**\n");

        var pending = plans.SelectMany(p => p.Pending).ToList();
        if (pending.Count > 0)
        {
            markdown.Append("\n| User pool | Resource server | Action | Details |\n| --- | --- | --- | --- |\n");
            foreach (var change in pending)
            {
                markdown.Append("| ").Append(CodeSpan(change.UserPoolId))
                    .Append(" | ").Append(CodeSpan(change.Identifier))
                    .Append(" | ").Append(PlanTable.Action(change.Kind))
                    .Append(" | ").Append(CodeSpan(PlanTable.Details(change))).Append(" |\n");
            }

            foreach (var change in pending)
            {
                markdown.Append("\n<details><summary>").Append(PlanTable.Action(change.Kind)).Append(' ')
                    .Append(HtmlCode(change.Identifier)).Append(" in user pool ").Append(HtmlCode(change.UserPoolId))
                    .Append("</summary>\n\n");
                AppendFenced(markdown, "diff", Diff(change));
                markdown.Append("\n</details>\n");
            }
        }

        foreach (var failed in plans.Where(p => p.Error is not null))
        {
            markdown.Append("\n**Error:** user pool ").Append(CodeSpan(failed.UserPoolId)).Append(" could not be read:\n\n");
            AppendFenced(markdown, "text", [Printable.Of(failed.Error)]);
        }

        return markdown.ToString();
    }

    /// <summary>
    /// The change as a diff of the resource server's name and scopes, '-' as read and '+' as planned: the name first,
    /// then the scopes by name (their order means nothing to Cognito), a changed line's removal before its addition.
    /// </summary>
    public static IReadOnlyList<string> Diff(ResourceServerChange change)
    {
        var before = Lines(change.Before);
        var after = Lines(change.After);
        return [.. before.Union(after)
            .OrderBy(l => l.Order)
            .ThenBy(l => l.Key, StringComparer.Ordinal)
            .ThenBy(l => before.Contains(l) ? (after.Contains(l) ? 1 : 0) : 2)
            .Select(l => (before.Contains(l) ? (after.Contains(l) ? "  " : "- ") : "+ ") + l.Text)];
    }

    private static List<(int Order, string Key, string Text)> Lines(ResourceServer? state) => state is null
        ? []
        : [(0, string.Empty, $"name: {Printable.Of(state.Name)}"), .. state.Scopes.Select(s => (1, s.Name, $"scope {Printable.Of(s.Name)}: {Printable.Of(s.Description)}"))];

    /// <summary>A code span for a table cell: delimited by more backticks than the text holds in a row, its pipes escaped.</summary>
    public static string CodeSpan(string value)
    {
        var text = Printable.Of(value);
        if (text.Length == 0)
        {
            return string.Empty;
        }

        var fence = new string('`', LongestRun(text, '`') + 1);
        var pad = text[0] == '`' || text[^1] == '`' || text.Trim().Length == 0 ? " " : string.Empty;
        return fence + pad + text.Replace("|", "\\|", StringComparison.Ordinal) + pad + fence;
    }

    private static string HtmlCode(string value) => "<code>" + WebUtility.HtmlEncode(Printable.Of(value)) + "</code>";

    private static void AppendFenced(StringBuilder markdown, string language, IEnumerable<string> lines)
    {
        var body = string.Join('\n', lines);
        var fence = new string('`', Math.Max(3, LongestRun(body, '`') + 1));
        markdown.Append(fence).Append(language).Append('\n').Append(body).Append('\n').Append(fence).Append('\n');
    }

    private static int LongestRun(string text, char c)
    {
        int longest = 0, run = 0;
        foreach (var ch in text)
        {
            run = ch == c ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }
}
