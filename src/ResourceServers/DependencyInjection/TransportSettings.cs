using Amazon.Extensions.NETCore.Setup;
using ResourceServers.Transport;

namespace ResourceServers.DependencyInjection;

/// <summary>
/// Merges <see cref="ResourceServerClientOptions"/> with the application's <see cref="AWSOptions"/>, if any, into the
/// transport's settings. Ours win wherever they are set.
/// </summary>
internal static class TransportSettings
{
    /// <summary>The name used in messages for the service URL that came from <see cref="AWSOptions"/>.</summary>
    public const string AwsServiceUrlSetting = "AWSOptions.DefaultClientConfig.ServiceURL";

    public static CognitoTransportOptions Merge(ResourceServerClientOptions options, AWSOptions? aws)
    {
        var credentials = options.Credentials;
        var profile = Blank(options.Profile) ? null : options.Profile;
        if (credentials is null && profile is null && aws is not null)
        {
            credentials = aws.Credentials;
            profile = credentials is null && !Blank(aws.Profile) ? aws.Profile : null;
        }

        return new CognitoTransportOptions
        {
            Region = !Blank(options.Region) ? options.Region : aws?.Region?.SystemName,
            ServiceUrl = options.ServiceUrl ?? AwsServiceUrl(aws),
            UseFips = options.UseFips ?? aws?.DefaultClientConfig?.UseFIPSEndpoint ?? false,
            Credentials = credentials,
            Profile = profile,
        };
    }

    /// <summary>The service URL <see cref="AWSOptions"/> configures; a value that is not an absolute URL is kept as a relative one so validation can name it.</summary>
    public static Uri? AwsServiceUrl(AWSOptions? aws) =>
        aws?.DefaultClientConfig?.ServiceURL is { Length: > 0 } url
            ? (Uri.TryCreate(url, UriKind.Absolute, out var absolute) ? absolute : new Uri(url, UriKind.RelativeOrAbsolute))
            : null;

    private static bool Blank(string? value) => string.IsNullOrWhiteSpace(value);
}
