using Amazon;
using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace ResourceServers;

/// <summary>
/// Where and as whom the HTTP transport calls Cognito, resolved once from <see cref="ResourceServerClientOptions"/>
/// and, for whatever they leave unset, the application's <see cref="AWSOptions"/> and then the SDK's own chains.
/// </summary>
/// <param name="Endpoint">The URL and the signing region.</param>
/// <param name="Credentials">Explicit credentials in force (ours, else <see cref="AWSOptions"/>'s), if any.</param>
/// <param name="Profile">Else the named profile in force, if any; else the SDK's default chain.</param>
/// <param name="ProfileSetting">The setting <paramref name="Profile"/> came from, for messages.</param>
internal sealed record CognitoConnection(CognitoEndpoint Endpoint, AWSCredentials? Credentials, string? Profile, string? ProfileSetting)
{
    private const string Section = ResourceServerClientOptions.SectionName;

    /// <summary>The name used in messages for the service URL that came from <see cref="AWSOptions"/>.</summary>
    public const string AwsServiceUrlSetting = "AWSOptions.DefaultClientConfig.ServiceURL";

    // The SDK's resolver caches what it finds and watches the profile files; one per process, as the SDK itself keeps.
    private static readonly Lazy<DefaultAWSCredentialsIdentityResolver> DefaultResolver = new(() => new DefaultAWSCredentialsIdentityResolver());

    /// <summary>Resolves the connection; ours win wherever they are set.</summary>
    /// <param name="options">The client's options.</param>
    /// <param name="aws">The application's AWS options, if registered.</param>
    /// <param name="fallbackRegion">The SDK's region chain; a seam so tests do not depend on the machine's AWS_REGION.</param>
    /// <exception cref="InvalidOperationException">No Region anywhere; the message names <c>ResourceServers:Region</c>.</exception>
    /// <exception cref="ArgumentException">The Region or service URL is malformed or not allowed; the message names the setting.</exception>
    public static CognitoConnection Resolve(ResourceServerClientOptions options, AWSOptions? aws, Func<RegionEndpoint?>? fallbackRegion = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var region = ResolveRegion(options, aws, fallbackRegion ?? FallbackRegionFactory.GetRegionEndpoint);
        var (serviceUrl, setting) = ServiceUrl(options, aws);
        var endpoint = serviceUrl is null
            ? CognitoEndpoint.ForRegion(region, options.UseFips ?? aws?.DefaultClientConfig?.UseFIPSEndpoint ?? false)
            : CognitoEndpoint.ForServiceUrl(serviceUrl, setting, region);
        // Credentials come from the first of: ours, our profile, AWSOptions' credentials, AWSOptions' profile, the SDK's chain.
        return options.Credentials is { } own ? new CognitoConnection(endpoint, own, null, null)
            : !string.IsNullOrWhiteSpace(options.Profile) ? new CognitoConnection(endpoint, null, options.Profile.Trim(), $"{Section}:Profile")
            : aws?.Credentials is { } theirs ? new CognitoConnection(endpoint, theirs, null, null)
            : !string.IsNullOrWhiteSpace(aws?.Profile) ? new CognitoConnection(endpoint, null, aws.Profile.Trim(), "AWSOptions.Profile")
            : new CognitoConnection(endpoint, null, null, null);
    }

    /// <summary>Finds the credentials, when first needed (not at construction: the default chain may call instance metadata).</summary>
    public Task<AWSCredentials> ResolveCredentialsAsync(CancellationToken cancellationToken)
    {
        if (Credentials is { } explicitCredentials)
        {
            return Task.FromResult(explicitCredentials);
        }

        if (Profile is { } profile)
        {
            return Task.FromResult(
                new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out var credentials) && credentials is not null
                    ? credentials
                    : throw new InvalidOperationException(
                        $"{ProfileSetting} names the AWS profile '{profile}', which was not found or holds no usable credentials in the shared AWS config and credentials files."));
        }

        return DefaultChainAsync(cancellationToken);
    }

    private static async Task<AWSCredentials> DefaultChainAsync(CancellationToken cancellationToken) =>
        await DefaultResolver.Value.ResolveIdentityAsync(null, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Why no client can be built from these settings, or null: the Region (ours, else <see cref="AWSOptions"/>, else
    /// the SDK's chain) must be found and well-formed. The check start-up validation makes before anything is resolved.
    /// </summary>
    public static string? RegionProblem(ResourceServerClientOptions options, AWSOptions? aws, Func<RegionEndpoint?>? fallbackRegion = null)
    {
        try
        {
            ResolveRegion(options, aws, fallbackRegion ?? FallbackRegionFactory.GetRegionEndpoint);
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            return e.Message;
        }
    }

    /// <summary>The service URL in force and the setting it came from: ours, else <see cref="AWSOptions"/>'s; a value that is not an absolute URL is kept as a relative one so validation can name it.</summary>
    public static (Uri? Url, string Setting) ServiceUrl(ResourceServerClientOptions options, AWSOptions? aws) =>
        options.ServiceUrl is { } own
            ? (own, $"{Section}:ServiceUrl")
            : (aws?.DefaultClientConfig?.ServiceURL is { Length: > 0 } url
                ? (Uri.TryCreate(url, UriKind.Absolute, out var absolute) ? absolute : new Uri(url, UriKind.RelativeOrAbsolute))
                : null, AwsServiceUrlSetting);

    private static RegionEndpoint ResolveRegion(ResourceServerClientOptions options, AWSOptions? aws, Func<RegionEndpoint?> fallbackRegion)
    {
        // Blank counts as unset: configuration binding turns an empty setting into "" rather than null.
        if (!string.IsNullOrWhiteSpace(options.Region))
        {
            var name = options.Region.Trim();

            // The name becomes part of a host name: anything but a DNS label would redirect or break the URL.
            if (!CognitoEndpoint.IsRegionName(name))
            {
                throw new ArgumentException(
                    $"{Section}:Region must be an AWS Region name (lower-case letters, digits and '-', e.g. 'us-east-1'); it was '{options.Region}'.",
                    nameof(options));
            }

            return RegionEndpoint.GetBySystemName(name);
        }

        return aws?.Region
            ?? fallbackRegion()
            ?? throw new InvalidOperationException(
                $"No AWS Region is configured for Cognito: set {Section}:Region (ResourceServerClientOptions.Region), or the Region of the registered AWSOptions, or the AWS_REGION environment variable, or 'region' in the AWS profile.");
    }
}
