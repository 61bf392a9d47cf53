using System.CommandLine;
using Microsoft.Extensions.Options;

namespace ResourceServers.Tool.Commands;

/// <summary>
/// Where and as whom the tool calls Cognito, taken as the AWS CLI takes it: <c>--region</c>, <c>--profile</c>,
/// <c>--endpoint-url</c>, otherwise the SDK's standard chains (AWS_REGION, AWS_PROFILE, the shared config and
/// credentials files, web identity, container and instance roles). So it runs in the same pipeline steps as the CLI.
/// Like the CLI, it also takes the endpoint from <c>AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER</c> or
/// <c>AWS_ENDPOINT_URL</c> when <c>--endpoint-url</c> is not given.
/// </summary>
internal sealed class ConnectionOptions
{
    public Option<string?> Region { get; } = new("--region") { Description = "The AWS Region, e.g. eu-west-1. Otherwise AWS_REGION, then the profile's region." };

    public Option<string?> Profile { get; } = new("--profile") { Description = "A named profile of the shared AWS config and credentials files. Otherwise AWS_PROFILE, then 'default'." };

    private static readonly Lazy<HttpClient> HttpClient = new(() => new HttpClient(new SentSecretsHandler()) { Timeout = Timeout.InfiniteTimeSpan });

    /// <summary>The AWS CLI's variables for an endpoint, the service's own first.</summary>
    private static readonly string[] EndpointVariables = ["AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", "AWS_ENDPOINT_URL"];

    public Option<Uri?> EndpointUrl { get; } = new("--endpoint-url")
    {
        Description = "Calls this URL instead of the Region's Cognito endpoint (https, or http to a loopback host: an emulator). Otherwise AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, then AWS_ENDPOINT_URL.",
        CustomParser = result => Uri.TryCreate(result.Tokens[0].Value, UriKind.Absolute, out var uri) ? uri : ParseError(result),
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Region);
        command.Options.Add(Profile);
        command.Options.Add(EndpointUrl);
    }

    /// <summary>Builds the client with the library's defaults (retries, pacing at Cognito's quotas).</summary>
    /// <exception cref="ToolException">The settings are incomplete or invalid (no Region found, say).</exception>
    public ResourceServerClient CreateClient(ParseResult parse)
    {
        var options = new ResourceServerClientOptions
        {
            Region = parse.GetValue(Region),
            Profile = parse.GetValue(Profile),
            ServiceUrl = parse.GetValue(EndpointUrl) ?? EndpointFromEnvironment(),
        };
        try
        {
            // Its own HttpClient only so that every secret sent is known before any answer arrives (SentSecrets).
            return new ResourceServerClient(options, httpClient: HttpClient.Value);
        }
        catch (OptionsValidationException ex)
        {
            // The library names its configuration keys (ResourceServers:Region); a tool user sets flags and variables.
            var messages = ex.Failures.Select(f => f
                .Replace("ResourceServers:Region", "the Region (--region or AWS_REGION)", StringComparison.Ordinal)
                .Replace("ResourceServers:ServiceUrl", "--endpoint-url", StringComparison.Ordinal));
            throw new ToolException(string.Join(" ", messages));
        }
    }

    private static Uri? EndpointFromEnvironment()
    {
        foreach (var name in EndpointVariables)
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                return Uri.TryCreate(value, UriKind.Absolute, out var uri)
                    ? uri
                    : throw new ToolException($"{name} must be an absolute URL; it was '{value}'.");
            }
        }

        return null;
    }

    private static Uri? ParseError(System.CommandLine.Parsing.ArgumentResult result)
    {
        result.AddError($"--endpoint-url must be an absolute URL such as https://cognito-idp.eu-west-1.amazonaws.com; it was '{result.Tokens[0].Value}'.");
        return null;
    }
}
