namespace ResourceServers.IntegrationTests.Resilience;

/// <summary>What one HTTP request carried on its way out: the operation and the signing headers.</summary>
internal sealed record RecordedRequest(string? Target, string? AmzDate, string? Authorization);
