namespace ResourceServers.IntegrationTests.Conformance;

/// <summary>The CLI's pass through the scenario: the observations, and every CLI run behind them.</summary>
internal sealed record AwsCliRun(string Version, IReadOnlyList<string> Steps, IReadOnlyList<AwsCliResult> Runs);
