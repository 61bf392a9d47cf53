using System.Globalization;

namespace ResourceServers;

/// <summary>
/// Where a <see cref="ResourceServerClient"/> sends its calls and as whom, as resolved when it was built: the Region,
/// the endpoint, the AWS profile consulted and the kind of credentials (never a key), each with the setting it came
/// from. The client logs it once at Information when it is built; <see cref="ToString"/> is that line, e.g.
/// <c>Cognito us-east-1 at https://cognito-idp.us-east-1.amazonaws.com/, profile ci, credentials: web identity</c>.
/// </summary>
/// <param name="Region">The AWS Region requests are signed for, e.g. <c>us-east-1</c>.</param>
/// <param name="RegionSource">Where the Region came from, e.g. <c>ResourceServers:Region</c>, <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, <c>profile ci</c>, <c>instance metadata</c>.</param>
/// <param name="ServiceUrl">The URL every operation is sent to.</param>
/// <param name="ServiceUrlSource">Where the URL came from, e.g. <c>ResourceServers:ServiceUrl</c>, <c>AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER</c>, <c>profile ci services cognito_identity_provider</c>, or <c>Region us-east-1</c> for the Region's own endpoint.</param>
/// <param name="Profile">The AWS profile of the shared config and credentials files that was consulted (named in code, <c>AWS_PROFILE</c>, or <c>default</c>).</param>
/// <param name="CredentialsKind">
/// The kind of credentials, told from where they are configured (they are resolved at the first call): <c>explicit</c>,
/// <c>environment</c>, <c>web identity</c>, <c>static (profile)</c>, <c>assume role from profile NAME</c>, <c>sso</c>,
/// <c>credential process</c>, <c>container</c>, <c>instance metadata</c>, and so on.
/// </param>
public sealed record ResourceServerConnection(string Region, string RegionSource, Uri ServiceUrl, string ServiceUrlSource, string Profile, string CredentialsKind)
{
    /// <summary>The one-line description: <c>Cognito {Region} at {ServiceUrl}, profile {Profile}, credentials: {CredentialsKind}</c>.</summary>
    /// <returns>The line.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Cognito {Region} at {ServiceUrl}, profile {Profile}, credentials: {CredentialsKind}");
}
