using Amazon.Runtime;

namespace ResourceServers;

/// <summary>
/// Settings of a <see cref="ResourceServerClient"/>, whether built by hand (<c>new ResourceServerClient(options)</c>)
/// or registered with <c>services.AddResourceServerClient(...)</c>: where and as whom it calls Cognito, and how it
/// pages, retries, times out and paces. <c>AddResourceServerClient()</c> binds them from the application's
/// configuration, section <see cref="SectionName"/> (a keyed client: <c>ResourceServers:{key}</c>), except
/// <see cref="Credentials"/>, which only code can set.
/// </summary>
/// <remarks>
/// <para>When <c>AWSOptions</c> from AWSSDK.Extensions.NETCore.Setup is registered
/// (<c>services.AddDefaultAWSOptions(configuration.GetAWSOptions())</c>), its Region, Profile, Credentials,
/// <c>DefaultClientConfig.ServiceURL</c> and <c>DefaultClientConfig.UseFIPSEndpoint</c> are used for whatever these
/// options leave unset. Credentials are taken from the first of: <see cref="Credentials"/>, <see cref="Profile"/>,
/// <c>AWSOptions.Credentials</c>, <c>AWSOptions.Profile</c>, the SDK's default credential chain; then
/// <c>AWSOptions.SessionRoleArn</c>, if set, is assumed with them. <c>AWSOptions.ProfilesLocation</c> says where the
/// profiles are. The order of every source is in the repository's docs/configuration.md.</para>
/// <para>Checked when the client is built, and with dependency injection at start-up (<c>ValidateOnStart</c>): each
/// failure names the setting, e.g. <c>ResourceServers:Resilience:MaxAttempts must be at least 1 ...; it was 0.</c>,
/// a Region must be found somewhere, and a configuration key under the section that names no setting is refused.</para>
/// </remarks>
public sealed class ResourceServerClientOptions
{
    /// <summary>The configuration section these options are bound from by convention: <c>ResourceServers</c>.</summary>
    public const string SectionName = "ResourceServers";

    /// <summary>
    /// The AWS Region system name, e.g. <c>eu-west-1</c>; also the signing region. When unset, as the AWS CLI finds it:
    /// <c>AWSOptions.Region</c>, <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, the profile's <c>region</c>, instance metadata.
    /// </summary>
    public string? Region { get; set; }

    /// <summary>
    /// Overrides the service endpoint, for emulators and proxies; when unset, <c>AWSOptions.DefaultClientConfig.ServiceURL</c>,
    /// <c>AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER</c>, <c>AWS_ENDPOINT_URL</c>, the profile's <c>services</c> section
    /// and <c>endpoint_url</c> (none of these four with <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true</c>), else the
    /// Region's Cognito endpoint. Must be <c>https</c>, or <c>http</c> only to a loopback host, wherever it comes from.
    /// </summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Calls the FIPS endpoint (<c>cognito-idp-fips.{region}...</c>). When unset, <c>AWSOptions.DefaultClientConfig.UseFIPSEndpoint</c>, else false. Ignored when a service URL is in force.</summary>
    public bool? UseFips { get; set; }

    /// <summary>
    /// A named profile of the shared AWS config and credentials files to take credentials, Region and endpoint from;
    /// when unset, <c>AWSOptions.Profile</c>, <c>AWS_PROFILE</c>, else <c>default</c>.
    /// </summary>
    public string? Profile { get; set; }

    /// <summary>
    /// Explicit credentials; they win over every other source. Code only: configuration cannot supply them (keep
    /// secrets out of settings files; use a profile, the environment or a role instead).
    /// </summary>
    public AWSCredentials? Credentials { get; set; }

    /// <summary>The page size <see cref="IResourceServerClient.ListAsync"/> asks for when its caller gives none, 1..50; the service's default when unset.</summary>
    public int? DefaultPageSize { get; set; }

    /// <summary>
    /// What a patch, an ensure or an ensure-all does when it would remove scopes (or delete resource servers) that app
    /// clients of the pool grant in their <c>AllowedOAuthScopes</c>: <see cref="GrantRevocation.Refuse"/> (the
    /// default) throws <see cref="GrantedScopeRemovalException"/> before writing; <see cref="GrantRevocation.Warn"/> and
    /// <see cref="GrantRevocation.Allow"/> write. Either way the result names the clients in
    /// <see cref="ResourceServerChange.RevokedGrants"/>. Only a change that removes a scope reads the pool's app clients.
    /// </summary>
    public GrantRevocation GrantRevocation { get; set; } = GrantRevocation.Refuse;

    /// <summary>
    /// The default of <see cref="MaxResponseBodyBytes"/>: 32 MiB, comfortably above the largest answer the service
    /// model allows (about 23.4 MB: a ListResourceServers page of 50 servers with 100 scopes each, every string at its
    /// maximum length and every character JSON-escaped in its longest form, <c>\uXXXX</c> or a <c>\uXXXX\uXXXX</c> pair).
    /// </summary>
    public const long DefaultMaxResponseBodyBytes = 32L * 1024 * 1024;

    /// <summary>The smallest <see cref="MaxResponseBodyBytes"/> accepted: 64 KiB.</summary>
    internal const long MinMaxResponseBodyBytes = 64 * 1024;

    /// <summary>The largest <see cref="MaxResponseBodyBytes"/> accepted: 1 GiB.</summary>
    internal const long MaxMaxResponseBodyBytes = 1024L * 1024 * 1024;

    /// <summary>
    /// The most bytes of one success response body the HTTP transport reads, 65536 (64 KiB) to 1073741824 (1 GiB)
    /// (default <see cref="DefaultMaxResponseBodyBytes"/>). A longer body, or one announced longer, fails the call
    /// with <see cref="CognitoErrorCodes.MalformedResponse"/> (not retried) as soon as the cap is passed, so an endless
    /// or oversized body costs at most this much however long the server keeps sending. Error bodies are capped at 64 KiB.
    /// </summary>
    public long MaxResponseBodyBytes { get; set; } = DefaultMaxResponseBodyBytes;

    /// <summary>Retries, timeouts, the retry budget and pacing (section <c>ResourceServers:Resilience</c>).</summary>
    public ResourceServerResilienceOptions Resilience { get; set; } = new();
}
