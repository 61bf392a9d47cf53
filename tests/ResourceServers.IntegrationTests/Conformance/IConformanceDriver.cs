
namespace ResourceServers.IntegrationTests.Conformance;

/// <summary>One way of driving the emulator through <see cref="ConformanceScenario"/>: the AWS CLI, or our client.</summary>
internal interface IConformanceDriver
{
    Task<string> CreateUserPoolAsync(string poolName);

    Task<Observation> CreateAsync(string userPoolId, string identifier, string name, IReadOnlyList<ResourceServerScope> scopes);

    Task<Observation> DescribeAsync(string userPoolId, string identifier);

    /// <summary>Lists at most <paramref name="count"/> resource servers; the token (the driver's own, opaque) continues after them.</summary>
    Task<(Observation Observation, string? Token)> ListFirstAsync(string userPoolId, int count);

    Task<Observation> ListRestAsync(string userPoolId, string token);

    Task<Observation> ListAllAsync(string userPoolId);

    /// <summary>Updates with a new name and no scopes at all (the replace semantics of UpdateResourceServer).</summary>
    Task<Observation> UpdateWithoutScopesAsync(string userPoolId, string identifier, string name);

    Task<Observation> DeleteAsync(string userPoolId, string identifier);

    /// <summary>Lists with credentials the emulator does not accept.</summary>
    Task<Observation> ListSignedWithAsync(string userPoolId, string accessKeyId, string secretAccessKey);
}
