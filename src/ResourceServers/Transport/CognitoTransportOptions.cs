using Amazon.Runtime;

namespace ResourceServers.Transport;

/// <summary>
/// Where and as whom <see cref="CognitoHttpTransport"/> calls Cognito. Mutable so it binds from configuration;
/// the transport reads it once, when it is constructed.
/// </summary>
public sealed class CognitoTransportOptions
{
    /// <summary>
    /// The AWS Region system name, e.g. <c>us-east-1</c>. Also the signing region. When null, the SDK's region
    /// chain (<c>AWS_REGION</c>, the profile's <c>region</c>, instance metadata) is asked.
    /// </summary>
    public string? Region { get; set; }

    /// <summary>
    /// Overrides the service endpoint, for emulators and proxies. Must be <c>https</c>, or <c>http</c> on a
    /// loopback host (<c>127.0.0.0/8</c>, <c>::1</c>, <c>localhost</c>). Requests are still signed for <see cref="Region"/>.
    /// </summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Calls the FIPS endpoint (<c>cognito-idp-fips.{region}...</c>). Ignored when <see cref="ServiceUrl"/> is set.</summary>
    public bool UseFips { get; set; }

    /// <summary>
    /// Explicit credentials. When null, <see cref="Profile"/> is used if set, else the SDK's default credential
    /// chain (environment, profile/SSO, web identity, container, instance metadata), resolved on first use.
    /// </summary>
    public AWSCredentials? Credentials { get; set; }

    /// <summary>A named profile from the shared AWS config/credentials files, used when <see cref="Credentials"/> is null.</summary>
    public string? Profile { get; set; }
}
