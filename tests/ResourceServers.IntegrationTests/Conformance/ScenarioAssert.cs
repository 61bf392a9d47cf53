using System.Text;

namespace ResourceServers.IntegrationTests.Conformance;

/// <summary>Compares scenario outcomes and, on a mismatch, shows every differing step in full (xUnit's collection diff cuts them).</summary>
internal static class ScenarioAssert
{
    public static void Equal(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var report = new StringBuilder();
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            var want = i < expected.Count ? expected[i] : "(no step)";
            var got = i < actual.Count ? actual[i] : "(no step)";
            if (want != got)
            {
                report.Append("step ").Append(i + 1).Append('\n')
                    .Append("  expected: ").Append(want).Append('\n')
                    .Append("  actual:   ").Append(got).Append('\n');
            }
        }

        if (report.Length > 0)
        {
            Assert.Fail("The scenario's outcomes differ:\n" + report);
        }
    }
}
