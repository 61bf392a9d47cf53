namespace ResourceServers;

/// <summary>Shapes validation failures for <c>OptionsValidationException</c>, whose message joins them with <c>"; "</c>.</summary>
internal static class OptionsFailures
{
    /// <summary>The failures without their closing periods, so the joined message reads <c>A; B</c> rather than <c>A.; B.</c>.</summary>
    public static IEnumerable<string> Joinable(IEnumerable<string> failures) => failures.Select(static f => f.TrimEnd('.'));
}
