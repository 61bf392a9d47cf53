using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.IntegrationTests.Conformance;

/// <summary>
/// The emulator is only worth something if real clients agree with it: the AWS CLI v2 and our client run the same
/// scenario against it and must observe the same outcomes, except where our client refuses a request before sending.
/// </summary>
public class AwsCliConformanceTests : IClassFixture<ConformanceFixture>
{
    private readonly ConformanceFixture _fixture;

    public AwsCliConformanceTests(ConformanceFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Aws_cli_v2_observes_every_step_of_the_scenario_as_the_service_answers_it()
    {
        var run = await _fixture.CliRunAsync();

        ScenarioAssert.Equal(ConformanceScenario.Expected(validatesEveryRule: false), run.Steps);
    }

    [Fact]
    public async Task Resource_server_client_observes_every_step_of_the_scenario()
    {
        var steps = await _fixture.ClientRunAsync();

        ScenarioAssert.Equal(ConformanceScenario.Expected(validatesEveryRule: true), steps);
    }

    [Fact]
    public async Task Cli_and_client_agree_except_where_our_client_refuses_a_request_the_cli_sends()
    {
        var cli = (await _fixture.CliRunAsync()).Steps;
        var client = await _fixture.ClientRunAsync();

        Assert.Equal(cli.Count, client.Count);
        var differing = cli.Zip(client).Where(static pair => pair.First != pair.Second).ToList();
        // Exactly the documented steps differ: the CLI got the service's error, our client refused to send.
        Assert.Equal(
            ConformanceScenario.ClientSideValidationSteps.Select(static step => (
                $"{step}: {ConformanceScenario.ServiceAnswerTo(step)}",
                $"{step}: rejected before sending: Identifier")),
            differing);
    }

    [Theory]
    [InlineData(0, ConformanceScenario.IdentifierWithSpace)]
    [InlineData(1, null)]
    public async Task Our_transport_gets_the_service_answer_the_cli_got_for_identifiers_our_client_refuses(int stepIndex, string? identifier)
    {
        identifier ??= ConformanceScenario.IdentifierTooLong;
        var step = ConformanceScenario.ClientSideValidationSteps[stepIndex];
        var cliLine = Assert.Single((await _fixture.CliRunAsync()).Steps, line => line.StartsWith(step + ":", StringComparison.Ordinal));
        var pool = (await _fixture.Emulator.Cognito.CreateUserPoolAsync("unvalidated")).Id;
        var transport = new ResourceServerClientDriver(_fixture.Emulator, _fixture.Http).Transport;

        // The wire port sends what it is given: the service, not our validator, answers here.
        var observed = await ResourceServerClientDriver.ObserveAsync(pool, async () =>
        {
            await transport.CreateResourceServerAsync(new CreateResourceServerRequest { UserPoolId = pool, Identifier = identifier, Name = "Unvalidated" });
            return Observation.Unexpected("the service accepted it");
        });

        Assert.Equal(cliLine, $"{step}: {observed}");
    }

    [Fact]
    public async Task Aws_cli_exits_254_on_service_errors_and_252_when_it_refuses_to_send()
    {
        var runs = (await _fixture.CliRunAsync()).Runs;

        var unknownPool = Assert.Single(runs, r => r.Arguments.Contains(ConformanceScenario.UnknownPool));
        Assert.Equal(AwsCli.ServiceErrorExitCode, unknownPool.ExitCode);
        Assert.Equal("", unknownPool.Stdout);
        Assert.Equal(
            $"An error occurred (ResourceNotFoundException) when calling the DescribeResourceServer operation: User pool {ConformanceScenario.UnknownPool} does not exist.",
            unknownPool.Stderr.Trim());

        var empty = Assert.Single(runs, r => r.ArgumentAfter("--identifier") == ConformanceScenario.EmptyIdentifier);
        Assert.Equal(AwsCli.ParameterValidationExitCode, empty.ExitCode);
        Assert.Equal("Parameter validation failed:\nInvalid length for parameter Identifier, value: 0, valid min length: 1", empty.Stderr.Trim());
    }

    [Fact]
    public async Task Aws_cli_prints_an_empty_scope_list_after_an_update_without_scopes()
    {
        var runs = (await _fixture.CliRunAsync()).Runs;

        var update = Assert.Single(runs, r => r.Arguments.Contains("update-resource-server"));
        Assert.DoesNotContain("--scopes", update.Arguments);
        Assert.Equal(0, update.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(update.Stdout);
        var scopes = json.RootElement.GetProperty("ResourceServer").GetProperty("Scopes");
        Assert.Equal(System.Text.Json.JsonValueKind.Array, scopes.ValueKind);
        Assert.Equal(0, scopes.GetArrayLength());
    }

    [Fact]
    public async Task Aws_cli_continues_from_its_own_token_not_the_services()
    {
        var runs = (await _fixture.CliRunAsync()).Runs;

        var first = Assert.Single(runs, r => r.Arguments.Contains("--max-items"));
        var rest = Assert.Single(runs, r => r.Arguments.Contains("--starting-token"));
        using var firstJson = System.Text.Json.JsonDocument.Parse(first.Stdout);
        var token = firstJson.RootElement.GetProperty("NextToken").GetString();
        Assert.Equal(token, rest.ArgumentAfter("--starting-token"));
    }
}
