using Microsoft.Extensions.Time.Testing;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Testing.InMemory;

/// <summary>Shorthands shared by the in-memory Cognito tests.</summary>
internal static class InMemoryCognitoFixture
{
    public const string Identifier = "https://api.example.com";

    public static readonly ResourceServerScopeType Read = new() { ScopeName = "read", ScopeDescription = "Read" };
    public static readonly ResourceServerScopeType Write = new() { ScopeName = "write", ScopeDescription = "Write" };

    public static (InMemoryCognito Cognito, FakeTimeProvider Time) Create(Action<InMemoryCognitoOptions>? configure = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var options = new InMemoryCognitoOptions { TimeProvider = time };
        configure?.Invoke(options);
        return (new InMemoryCognito(options), time);
    }

    public static async Task<string> NewPoolAsync(this InMemoryCognito cognito, string name = "pool") =>
        (await cognito.CreateUserPoolAsync(name)).Id;

    public static CreateResourceServerRequest CreateRequest(string poolId, string identifier = Identifier, string name = "my-api", params ResourceServerScopeType[] scopes) =>
        new() { UserPoolId = poolId, Identifier = identifier, Name = name, Scopes = scopes };

    public static DescribeResourceServerRequest DescribeRequest(string poolId, string identifier = Identifier) =>
        new() { UserPoolId = poolId, Identifier = identifier };

    public static ResourceServerScopeType[] Scopes(int count) =>
        Enumerable.Range(0, count).Select(i => new ResourceServerScopeType { ScopeName = $"scope{i}", ScopeDescription = $"Scope {i}" }).ToArray();
}
