using System.CommandLine;
using Microsoft.Extensions.Options;

namespace ResourceServers.Tool.Commands;

/// <summary>
/// Where and as whom the tool calls Cognito, taken as the AWS CLI takes it: <c>--region</c>, <c>--profile</c>,
/// <c>--endpoint-url</c>, otherwise the library's resolution, in the CLI's order (AWS_REGION, AWS_DEFAULT_REGION, the
/// profile's region; AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL, the profile's services section and
/// endpoint_url; the SDK's credential chain: environment, web identity, profiles with roles, SSO or
/// credential_process, container and instance roles). So it runs in the same pipeline steps as the CLI. Before any
/// call it says on standard error where it is going.
/// </summary>
internal sealed class ConnectionOptions
{
    public Option<string?> Region { get; } = new("--region") { Description = "The AWS Region, e.g. eu-west-1. Otherwise AWS_REGION, AWS_DEFAULT_REGION, then the profile's region." };

    public Option<string?> Profile { get; } = new("--profile") { Description = "A named profile of the shared AWS config and credentials files. Otherwise AWS_PROFILE, then 'default'." };

    private static readonly Lazy<HttpClient> HttpClient = new(() => new HttpClient(new SentSecretsHandler()) { Timeout = Timeout.InfiniteTimeSpan });

    public Option<Uri?> EndpointUrl { get; } = new("--endpoint-url")
    {
        Description = "Calls this URL instead of the Region's Cognito endpoint (https, or http to a loopback host: an emulator). Otherwise AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL, then the profile's services section or endpoint_url.",
        CustomParser = result => Uri.TryCreate(result.Tokens[0].Value, UriKind.Absolute, out var uri) ? uri : ParseError(result),
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Region);
        command.Options.Add(Profile);
        command.Options.Add(EndpointUrl);
    }

    /// <summary>Builds the client with the library's defaults (retries, pacing at Cognito's quotas) and says where it is going on standard error.</summary>
    /// <exception cref="ToolException">The settings are incomplete or invalid (no Region found, say).</exception>
    public ResourceServerClient CreateClient(ParseResult parse, GrantRevocation grantRevocation = GrantRevocation.Refuse)
    {
        var options = new ResourceServerClientOptions
        {
            Region = parse.GetValue(Region),
            Profile = parse.GetValue(Profile),
            ServiceUrl = parse.GetValue(EndpointUrl),
            GrantRevocation = grantRevocation,
        };
        ResourceServerClient client;
        try
        {
            // Its own HttpClient only so that every secret sent is known before any answer arrives (SentSecrets).
            client = new ResourceServerClient(options, httpClient: HttpClient.Value);
        }
        catch (OptionsValidationException ex)
        {
            // The library names its configuration keys (ResourceServers:Region); a tool user sets flags and variables.
            var messages = ex.Failures.Select(f => f
                .Replace("set ResourceServers:Region (ResourceServerClientOptions.Region), or the Region of the registered AWSOptions, or", "set --region, or", StringComparison.Ordinal)
                .Replace("ResourceServers:Region", "the Region (--region)", StringComparison.Ordinal)
                .Replace("ResourceServers:Profile", "--profile", StringComparison.Ordinal)
                .Replace("ResourceServers:ServiceUrl", "--endpoint-url", StringComparison.Ordinal));
            throw new ToolException(string.Join(" ", messages));
        }
        catch (ArgumentException ex)
        {
            // A Region or endpoint URL from the environment or a profile that is not one; the message names the setting.
            throw new ToolException(ex.Message.Replace(" (Parameter 'options')", string.Empty, StringComparison.Ordinal));
        }

        // Never a key: Region, endpoint, profile and the kind of credentials, so a pipeline log shows what was touched.
        Console.Error.WriteLine(Output.Printable.Of(client.Connection?.ToString()));
        return client;
    }

    private static Uri? ParseError(System.CommandLine.Parsing.ArgumentResult result)
    {
        result.AddError($"--endpoint-url must be an absolute URL such as https://cognito-idp.eu-west-1.amazonaws.com; it was '{result.Tokens[0].Value}'.");
        return null;
    }
}
