using ResourceServers.Testing;
using ResourceServers.Tests.TestSupport;

namespace ResourceServers.Tests.Testing.InMemory;

public class InMemoryCognitoOptionsTests
{
    [Fact]
    public void Defaults_match_the_service()
    {
        var options = new InMemoryCognito().Options;

        Assert.Equal("us-east-1", options.Region);
        Assert.Equal(25, options.MaxResourceServersPerPool);
        Assert.Equal(1000, options.MaxUserPools);
        Assert.False(options.EnforceRateQuotas);
        Assert.Same(CognitoRateQuotas.Default, options.Quotas);
        Assert.Same(TimeProvider.System, options.TimeProvider);
    }

    private static readonly NamedRows<(Action<InMemoryCognitoOptions> Configure, string Setting)> BadOptionRows = new()
    {
        { "empty Region", (o => o.Region = string.Empty, "Region") },
        { "Region with a space", (o => o.Region = "us east", "Region") },
        { "Region of 46", (o => o.Region = new string('r', 46), "Region") },
        { "MaxResourceServersPerPool 0", (o => o.MaxResourceServersPerPool = 0, "MaxResourceServersPerPool") },
        { "MaxUserPools 0", (o => o.MaxUserPools = 0, "MaxUserPools") },
        { "null Quotas", (o => o.Quotas = null!, "Quotas") },
        { "read quota 0", (o => o.Quotas = new CognitoRateQuotas(UserPoolResourceReadPerSecond: 0), "UserPoolResourceReadPerSecond") },
        { "pair quota NaN", (o => o.Quotas = new CognitoRateQuotas(PerOperationPerUserPoolPerSecond: double.NaN), "PerOperationPerUserPoolPerSecond") },
        { "null TimeProvider", (o => o.TimeProvider = null!, "TimeProvider") },
    };

    public static TheoryData<string> BadOptions => BadOptionRows.Names;

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Bad_settings_fail_at_construction_naming_the_setting(string bad)
    {
        var (configure, setting) = BadOptionRows[bad];
        var options = new InMemoryCognitoOptions();
        configure(options);

        var e = Assert.ThrowsAny<ArgumentException>(() => new InMemoryCognito(options));

        Assert.Contains(setting, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_are_copied_at_construction()
    {
        var options = new InMemoryCognitoOptions { MaxResourceServersPerPool = 1 };
        var cognito = new InMemoryCognito(options);
        options.MaxResourceServersPerPool = 10;
        cognito.Options.MaxResourceServersPerPool = 10;
        var pool = (await cognito.CreateUserPoolAsync("p")).Id;

        await cognito.CreateResourceServerAsync(new() { UserPoolId = pool, Identifier = "a", Name = "a" });

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.LimitExceeded, () =>
            cognito.CreateResourceServerAsync(new() { UserPoolId = pool, Identifier = "b", Name = "b" }));
        Assert.Equal(1, cognito.Options.MaxResourceServersPerPool);
    }
}
