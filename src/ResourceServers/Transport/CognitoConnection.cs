using Amazon;
using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace ResourceServers;

/// <summary>
/// Where and as whom the HTTP transport calls Cognito, resolved once from <see cref="ResourceServerClientOptions"/>
/// and, for whatever they leave unset, the application's <see cref="AWSOptions"/> and then what the machine
/// configures (<see cref="AwsSharedSettings"/>: the environment, the shared files, instance metadata), in the AWS CLI's order.
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

    // The SDK's resolver caches what it finds and watches the environment; one per process, as the SDK itself keeps.
    private static readonly Lazy<DefaultAWSCredentialsIdentityResolver> DefaultResolver = new(() => new DefaultAWSCredentialsIdentityResolver());

    /// <summary>Where the shared config and credentials files are (<see cref="AWSOptions.ProfilesLocation"/>); the default files when null.</summary>
    public string? ProfilesLocation { get; init; }

    /// <summary>The AWS options whose <see cref="AWSOptions.SessionRoleArn"/> the found credentials assume, if any.</summary>
    public AWSOptions? AssumeRoleWith { get; init; }

    /// <summary>What the client says about where it is going: Region, endpoint, profile, kind of credentials, and where each came from.</summary>
    public required ResourceServerConnection Description { get; init; }

    /// <summary>Resolves the connection; ours win wherever they are set.</summary>
    /// <param name="options">The client's options.</param>
    /// <param name="aws">The application's AWS options, if registered.</param>
    /// <param name="shared">What the machine configures (<see cref="AwsSharedSettings.Sdk"/>).</param>
    /// <exception cref="InvalidOperationException">No Region anywhere; the message names <c>ResourceServers:Region</c>.</exception>
    /// <exception cref="ArgumentException">The Region or service URL is malformed or not allowed; the message names the setting.</exception>
    public static CognitoConnection Resolve(ResourceServerClientOptions options, AWSOptions? aws, AwsSharedSettings shared)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(shared);
        var profile = ProfileInForce(options, aws, shared);
        var region = ResolveRegion(options, aws, shared, profile);
        var (serviceUrl, setting) = ServiceUrl(options, aws, shared, profile);
        var endpoint = serviceUrl is null
            ? CognitoEndpoint.ForRegion(region.Value, options.UseFips ?? aws?.DefaultClientConfig?.UseFIPSEndpoint ?? false)
            : CognitoEndpoint.ForServiceUrl(serviceUrl, setting, region.Value);
        var endpointSource = serviceUrl is null ? $"Region {region.Value.SystemName}" : setting;
        var assumeRole = string.IsNullOrWhiteSpace(aws?.SessionRoleArn) ? null : aws;

        // Credentials come from the first of: ours, our profile, AWSOptions' credentials, AWSOptions' profile, the SDK's chain.
        var (credentials, named, namedSetting, kind) =
            options.Credentials is { } own ? (own, (string?)null, (string?)null, "explicit (ResourceServerClientOptions.Credentials)")
            : !string.IsNullOrWhiteSpace(options.Profile) ? (null, options.Profile.Trim(), $"{Section}:Profile", ProfileKind(profile))
            : aws?.Credentials is { } theirs ? (theirs, null, null, "explicit (AWSOptions.Credentials)")
            : !string.IsNullOrWhiteSpace(aws?.Profile) ? (null, aws.Profile.Trim(), "AWSOptions.Profile", ProfileKind(profile))
            : ((AWSCredentials?)null, (string?)null, (string?)null, shared.DefaultCredentials(profile));
        if (credentials is null && assumeRole is not null)
        {
            kind = $"assume role {assumeRole.SessionRoleArn} (AWSOptions.SessionRoleArn) with {kind}";
        }

        var description = new ResourceServerConnection(region.Value.SystemName, region.Source, endpoint.ServiceUrl, endpointSource, profile.Name, kind);
        return new CognitoConnection(endpoint, credentials, named, namedSetting)
        {
            ProfilesLocation = profile.Location,
            AssumeRoleWith = credentials is null ? assumeRole : null,
            Description = description,
        };
    }

    /// <summary>Finds the credentials, when first needed (not at construction: the default chain may call instance metadata or STS).</summary>
    public async Task<AWSCredentials> ResolveCredentialsAsync(CancellationToken cancellationToken)
    {
        if (Credentials is { } explicitCredentials)
        {
            return explicitCredentials;
        }

        var found = Profile is { } profile ? FromProfile(profile) : await FromDefaultChainAsync(cancellationToken).ConfigureAwait(false);

        // As AWSSDK.Extensions.NETCore.Setup does for its own clients: the found credentials assume the configured role.
        return AssumeRoleWith is { } aws
            ? new AssumeRoleAWSCredentials(found, aws.SessionRoleArn, string.IsNullOrWhiteSpace(aws.SessionName) ? "resource-servers" : aws.SessionName, new AssumeRoleAWSCredentialsOptions { ExternalId = aws.ExternalId })
            : found;
    }

    private AWSCredentials FromProfile(string profile)
    {
        var store = new Amazon.Runtime.CredentialManagement.CredentialProfileStoreChain(ProfilesLocation);
        if (!store.TryGetProfile(profile, out var found))
        {
            throw new InvalidOperationException(
                $"{ProfileSetting} names the AWS profile '{profile}', which is not in the shared AWS config and credentials files{(ProfilesLocation is null ? string.Empty : $" at {ProfilesLocation}")}.");
        }

        // The SDK's own: static keys, role assumption (source_profile, credential_source), SSO, credential_process, web identity.
        return Amazon.Runtime.CredentialManagement.AWSCredentialsFactory.GetAWSCredentials(found, store, true)
            ?? throw new InvalidOperationException($"{ProfileSetting} names the AWS profile '{profile}', which holds no usable credentials.");
    }

    private async Task<AWSCredentials> FromDefaultChainAsync(CancellationToken cancellationToken)
    {
        // Profiles at another location are read as the SDK reads a client's configured profile.
        if (ProfilesLocation is not null)
        {
            var config = new CognitoSdkConfig(new Profile(Description.Profile, ProfilesLocation));
            return await DefaultResolver.Value.ResolveIdentityAsync(config, cancellationToken).ConfigureAwait(false);
        }

        return await DefaultResolver.Value.ResolveIdentityAsync(null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Why no client can be built from these settings, or null: the Region (ours, else <see cref="AWSOptions"/>, else
    /// the machine's) must be found and well-formed. The check start-up validation makes before anything is resolved.
    /// </summary>
    public static string? RegionProblem(ResourceServerClientOptions options, AWSOptions? aws, AwsSharedSettings shared)
    {
        ArgumentNullException.ThrowIfNull(shared);
        try
        {
            ResolveRegion(options, aws, shared, ProfileInForce(options, aws, shared));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// The service URL in force and the setting it came from: ours, else <see cref="AWSOptions"/>'s, else the one the
    /// environment or the profile configures for Cognito; a value that is not an absolute URL is kept as a relative one
    /// so validation can name it.
    /// </summary>
    public static (Uri? Url, string Setting) ServiceUrl(ResourceServerClientOptions options, AWSOptions? aws, AwsSharedSettings shared)
    {
        ArgumentNullException.ThrowIfNull(shared);
        return ServiceUrl(options, aws, shared, ProfileInForce(options, aws, shared));
    }

    private static (Uri? Url, string Setting) ServiceUrl(ResourceServerClientOptions options, AWSOptions? aws, AwsSharedSettings shared, AwsProfileRef profile)
    {
        if (options.ServiceUrl is { } own)
        {
            return (own, $"{Section}:ServiceUrl");
        }

        var (url, setting) = aws?.DefaultClientConfig?.ServiceURL is { Length: > 0 } theirs
            ? (theirs, AwsServiceUrlSetting)
            : shared.EndpointUrl(profile) is { } configured ? (configured.Value, configured.Source) : (null, AwsServiceUrlSetting);
        return url is null
            ? (null, setting)
            : (Uri.TryCreate(url, UriKind.Absolute, out var absolute) ? absolute : new Uri(url, UriKind.RelativeOrAbsolute), setting);
    }

    private static AwsProfileRef ProfileInForce(ResourceServerClientOptions options, AWSOptions? aws, AwsSharedSettings shared)
    {
        var location = string.IsNullOrWhiteSpace(aws?.ProfilesLocation) ? null : aws.ProfilesLocation;
        var name = !string.IsNullOrWhiteSpace(options.Profile) ? options.Profile.Trim()
            : !string.IsNullOrWhiteSpace(aws?.Profile) ? aws.Profile.Trim()
            : null;
        return new AwsProfileRef(name ?? shared.DefaultProfileName, location);
    }

    private static string ProfileKind(AwsProfileRef profile) =>
        AwsSharedSettings.FindProfile(profile) is { } found ? AwsSharedSettings.DescribeProfileCredentials(found) : "profile not found";

    private static Found<RegionEndpoint> ResolveRegion(ResourceServerClientOptions options, AWSOptions? aws, AwsSharedSettings shared, AwsProfileRef profile)
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

            return new Found<RegionEndpoint>(RegionEndpoint.GetBySystemName(name), $"{Section}:Region");
        }

        if (aws?.Region is { } theirs)
        {
            return new Found<RegionEndpoint>(theirs, "AWSOptions.Region");
        }

        var found = shared.Region(profile)
            ?? throw new InvalidOperationException(
                $"No AWS Region is configured for Cognito: set {Section}:Region (ResourceServerClientOptions.Region), or the Region of the registered AWSOptions, or the AWS_REGION or AWS_DEFAULT_REGION environment variable, or 'region' in the AWS profile '{profile.Name}'.");
        return CognitoEndpoint.IsRegionName(found.Value.SystemName)
            ? found
            : throw new ArgumentException($"{found.Source} must name an AWS Region (lower-case letters, digits and '-', e.g. 'us-east-1'); it was '{found.Value.SystemName}'.", nameof(options));
    }
}
