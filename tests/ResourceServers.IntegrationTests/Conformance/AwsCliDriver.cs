using System.Text.Json;
using System.Text.RegularExpressions;
using ResourceServers.Testing;

namespace ResourceServers.IntegrationTests.Conformance;

/// <summary>
/// Drives the emulator with the real AWS CLI v2 and reads what it prints: the JSON on stdout for a success, the exit
/// code and the stderr line for a failure. Anything the CLI prints that does not fit is an
/// <see cref="Observation.Unexpected"/> holding the whole run, so a mismatch shows what the CLI said.
/// </summary>
internal sealed partial class AwsCliDriver : IConformanceDriver
{
    private readonly AwsCli _cli;
    private readonly CognitoEmulator _emulator;
    private readonly string _tempDirectory;

    // Error messages name the driver's own pool as <pool>, so they compare across drivers; other pools stay named.
    private string? _ownPool;

    public AwsCliDriver(AwsCli cli, CognitoEmulator emulator, string tempDirectory)
    {
        _cli = cli;
        _emulator = emulator;
        _tempDirectory = tempDirectory;
    }

    /// <summary>Every run, in order: the raw material behind the observations.</summary>
    public List<AwsCliResult> Runs { get; } = [];

    public async Task<string> CreateUserPoolAsync(string poolName)
    {
        var result = await RunAsync(["create-user-pool", "--pool-name", poolName]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"create-user-pool failed:\n{result}");
        }

        using var json = JsonDocument.Parse(result.Stdout);
        _ownPool = json.RootElement.GetProperty("UserPool").GetProperty("Id").GetString()
            ?? throw new InvalidOperationException($"create-user-pool printed no UserPool.Id:\n{result}");
        return _ownPool;
    }

    public async Task<Observation> CreateAsync(string userPoolId, string identifier, string name, IReadOnlyList<ResourceServerScope> scopes)
    {
        List<string> arguments = ["create-resource-server", "--user-pool-id", userPoolId, "--identifier", identifier, "--name", name];
        if (scopes.Count > 0)
        {
            // JSON rather than shorthand: descriptions may hold spaces and commas.
            arguments.Add("--scopes");
            arguments.Add(JsonSerializer.Serialize(scopes.Select(static s => new Dictionary<string, string> { ["ScopeName"] = s.Name, ["ScopeDescription"] = s.Description })));
        }

        return Observe(await RunAsync(arguments), "CreateResourceServer", userPoolId, ReadServer);
    }

    public async Task<Observation> DescribeAsync(string userPoolId, string identifier) =>
        Observe(await RunAsync(["describe-resource-server", "--user-pool-id", userPoolId, "--identifier", identifier]), "DescribeResourceServer", userPoolId, ReadServer);

    public async Task<(Observation Observation, string? Token)> ListFirstAsync(string userPoolId, int count)
    {
        // --page-size 1 makes the CLI follow the emulator's own NextToken page by page before it cuts at --max-items.
        var result = await RunAsync(["list-resource-servers", "--user-pool-id", userPoolId, "--max-items", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "--page-size", "1"]);
        string? token = null;
        var observation = Observe(result, "ListResourceServers", userPoolId, (root, pool) =>
        {
            var page = ReadPage(root, pool);
            token = root.TryGetProperty("NextToken", out var next) ? next.GetString() : null;
            return page;
        });
        return (observation, token);
    }

    public async Task<Observation> ListRestAsync(string userPoolId, string token) =>
        Observe(await RunAsync(["list-resource-servers", "--user-pool-id", userPoolId, "--starting-token", token, "--page-size", "1"]), "ListResourceServers", userPoolId, ReadPage);

    public async Task<Observation> ListAllAsync(string userPoolId) =>
        Observe(await RunAsync(["list-resource-servers", "--user-pool-id", userPoolId]), "ListResourceServers", userPoolId, ReadPage);

    public async Task<Observation> UpdateWithoutScopesAsync(string userPoolId, string identifier, string name) =>
        Observe(await RunAsync(["update-resource-server", "--user-pool-id", userPoolId, "--identifier", identifier, "--name", name]), "UpdateResourceServer", userPoolId, ReadServer);

    public async Task<Observation> DeleteAsync(string userPoolId, string identifier) =>
        Observe(await RunAsync(["delete-resource-server", "--user-pool-id", userPoolId, "--identifier", identifier]), "DeleteResourceServer", userPoolId, null);

    public async Task<Observation> ListSignedWithAsync(string userPoolId, string accessKeyId, string secretAccessKey) =>
        Observe(await RunAsync(["list-resource-servers", "--user-pool-id", userPoolId], accessKeyId, secretAccessKey), "ListResourceServers", userPoolId, ReadPage);

    private async Task<AwsCliResult> RunAsync(IReadOnlyList<string> operationArguments, string? accessKeyId = null, string? secretAccessKey = null)
    {
        List<string> arguments = ["--endpoint-url", _emulator.ServiceUrl.ToString(), "--output", "json", "--no-cli-pager", "cognito-idp", .. operationArguments];
        var environment = new AwsCliEnvironment(
            _emulator.Region,
            accessKeyId ?? _emulator.AccessKeyId,
            secretAccessKey ?? CognitoEmulatorOptions.DefaultSecretAccessKey,
            _tempDirectory);
        var result = await _cli.RunAsync(arguments, environment);
        Runs.Add(result);
        return result;
    }

    /// <summary>
    /// Exit 0 is a success whose stdout <paramref name="read"/> interprets (or which prints nothing, for a delete);
    /// 254 must print the service's error for <paramref name="operation"/>; 252 must be botocore's parameter validation.
    /// </summary>
    private Observation Observe(AwsCliResult result, string operation, string userPoolId, Func<JsonElement, string, Observation>? read)
    {
        switch (result.ExitCode)
        {
            case 0 when read is null:
                return string.IsNullOrWhiteSpace(result.Stdout) ? Observation.Done() : Observation.Unexpected($"output from a call that returns nothing:\n{result}");
            case 0:
                try
                {
                    using var json = JsonDocument.Parse(result.Stdout);
                    return read(json.RootElement, userPoolId);
                }
                catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    return Observation.Unexpected($"output the test cannot read ({ex.Message}):\n{result}");
                }

            case AwsCli.ServiceErrorExitCode when ServiceError().Match(result.Stderr.Trim()) is { Success: true } match
                && match.Groups["operation"].Value == operation:
                return Observation.ServiceError(match.Groups["code"].Value, match.Groups["message"].Value, _ownPool ?? userPoolId);
            case AwsCli.ParameterValidationExitCode when ParameterValidation().Match(result.Stderr.Trim()) is { Success: true } match:
                return Observation.RejectedBeforeSending(match.Groups["member"].Value);
            default:
                return Observation.Unexpected($"exit code or error text:\n{result}");
        }
    }

    private static Observation ReadServer(JsonElement root, string userPoolId)
    {
        var server = root.GetProperty("ResourceServer");
        return server.GetProperty("UserPoolId").GetString() == userPoolId
            ? Observation.Server(server.GetProperty("Identifier").GetString()!, server.GetProperty("Name").GetString()!, ReadScopes(server))
            : Observation.Unexpected($"a resource server of another pool: {server}");
    }

    private static List<ResourceServerScope>? ReadScopes(JsonElement server) =>
        server.TryGetProperty("Scopes", out var scopes)
            ? [.. scopes.EnumerateArray().Select(static s => new ResourceServerScope(s.GetProperty("ScopeName").GetString()!, s.GetProperty("ScopeDescription").GetString()!))]
            : null;

    private static Observation ReadPage(JsonElement root, string userPoolId)
    {
        var servers = root.GetProperty("ResourceServers").EnumerateArray().ToList();
        if (servers.Any(s => s.GetProperty("UserPoolId").GetString() != userPoolId))
        {
            return Observation.Unexpected($"resource servers of another pool: {root}");
        }

        return Observation.Page(servers.Select(static s => s.GetProperty("Identifier").GetString()!), root.TryGetProperty("NextToken", out _));
    }

    // "An error occurred (ResourceNotFoundException) when calling the DescribeResourceServer operation: <message>"
    [GeneratedRegex(@"\AAn error occurred \((?<code>[A-Za-z]+)\) when calling the (?<operation>[A-Za-z]+) operation: (?<message>.*)\z", RegexOptions.Singleline)]
    private static partial Regex ServiceError();

    // "Parameter validation failed:\nInvalid length for parameter Identifier, value: 0, valid min length: 1"
    [GeneratedRegex(@"\AParameter validation failed:\s+Invalid \w+ for parameter (?<member>[\w.\[\]]+),")]
    private static partial Regex ParameterValidation();
}
