using ResourceServers.Testing;

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

    public static TheoryData<Action<InMemoryCognitoOptions>, string> BadOptions => new()
    {
        { o => o.Region = string.Empty, "Region" },
        { o => o.Region = "us east", "Region" },
        { o => o.Region = new string('r', 46), "Region" },
        { o => o.MaxResourceServersPerPool = 0, "MaxResourceServersPerPool" },
        { o => o.MaxUserPools = 0, "MaxUserPools" },
        { o => o.Quotas = null!, "Quotas" },
        { o => o.Quotas = new CognitoRateQuotas(UserPoolResourceReadPerSecond: 0), "UserPoolResourceReadPerSecond" },
        { o => o.Quotas = new CognitoRateQuotas(PerOperationPerUserPoolPerSecond: double.NaN), "PerOperationPerUserPoolPerSecond" },
        { o => o.TimeProvider = null!, "TimeProvider" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Bad_settings_fail_at_construction_naming_the_setting(Action<InMemoryCognitoOptions> configure, string setting)
    {
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
