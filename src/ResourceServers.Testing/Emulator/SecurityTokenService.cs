using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace ResourceServers.Testing;

/// <summary>
/// The emulator's AWS STS: answers <c>AssumeRoleWithWebIdentity</c> (unsigned, as STS takes it) and <c>AssumeRole</c>
/// (signed with the emulator's long-term key or temporary credentials it issued) in the Query protocol STS speaks
/// (a form-encoded POST, an XML answer), with temporary credentials the emulator's Cognito then accepts, session
/// token included. So the SDKs' web identity and role-assumption flows run end to end on loopback
/// (<c>AWS_ENDPOINT_URL_STS</c> pointed at the emulator).
/// </summary>
internal sealed partial class SecurityTokenService
{
    public const string FormContentType = "application/x-www-form-urlencoded";
    public const string SigningServiceName = "sts";
    private const string Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";

    // Temporary credentials last an hour, STS's default duration.
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, TemporaryCredential> _issued = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<EmulatorRoleSession> _sessions = new();
    private readonly TimeProvider _timeProvider;
    private readonly SigV4Verifier _verifier;

    public SecurityTokenService(string accessKeyId, string secretAccessKey, string? sessionToken, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;

        // STS is signed for whichever Region the caller's STS client is in; any is accepted, the service must be sts.
        _verifier = new SigV4Verifier(accessKeyId, secretAccessKey, sessionToken, Find, region: null, SigningServiceName, timeProvider);
    }

    /// <summary>The sessions granted so far, oldest first.</summary>
    public IReadOnlyList<EmulatorRoleSession> Sessions => [.. _sessions];

    /// <summary>The temporary credential with this access key id, if this STS issued it.</summary>
    public TemporaryCredential? Find(string accessKeyId) => _issued.TryGetValue(accessKeyId, out var found) ? found : null;

    public static bool IsStsRequest(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith(FormContentType, StringComparison.OrdinalIgnoreCase);

    /// <summary>The IAM Identity Center portal's GetRoleCredentials: <c>GET /federation/credentials</c> with a bearer token.</summary>
    public static bool IsSsoRoleCredentialsRequest(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Path.Equals("/federation/credentials", StringComparison.Ordinal);

    /// <summary>
    /// Answers GetRoleCredentials as the SSO portal does (JSON, expiration in epoch milliseconds) with temporary
    /// credentials, for any non-empty access token from the SDK's SSO token cache: the SSO profile flow on loopback
    /// (<c>AWS_ENDPOINT_URL_SSO</c> pointed at the emulator).
    /// </summary>
    public (HttpStatusCode Status, string Json) HandleSsoRoleCredentials(HttpRequest request)
    {
        var token = request.Headers["x-amz-sso_bearer_token"].ToString();
        var account = request.Query["account_id"].ToString();
        var role = request.Query["role_name"].ToString();
        if (token.Length == 0)
        {
            return (HttpStatusCode.Unauthorized, """{"message":"Session token not found or invalid"}""");
        }

        if (!AccountPattern().IsMatch(account) || role.Length == 0)
        {
            return (HttpStatusCode.BadRequest, """{"message":"account_id must be 12 digits and role_name must be given"}""");
        }

        var credential = Issue("GetRoleCredentials", $"arn:aws:iam::{account}:role/{role}", "sso");
        var json = System.Text.Json.JsonSerializer.Serialize(new
        {
            roleCredentials = new
            {
                accessKeyId = credential.AccessKeyId,
                secretAccessKey = credential.SecretAccessKey,
                sessionToken = credential.SessionToken,
                expiration = credential.Expiration.ToUnixTimeMilliseconds(),
            },
        });
        return (HttpStatusCode.OK, json);
    }

    /// <summary>Answers one STS request: the XML to send and its status.</summary>
    public (HttpStatusCode Status, string Xml) Handle(SigV4Request request, string requestId)
    {
        var form = ParseForm(Encoding.UTF8.GetString(request.Body.Span));
        var action = form.GetValueOrDefault("Action");
        try
        {
            return action switch
            {
                "AssumeRoleWithWebIdentity" => (HttpStatusCode.OK, AssumeRoleWithWebIdentity(form, requestId)),
                "AssumeRole" => (HttpStatusCode.OK, AssumeRole(request, form, requestId)),
                _ => throw new StsException(HttpStatusCode.BadRequest, "InvalidAction", $"The emulator's STS answers AssumeRoleWithWebIdentity and AssumeRole; '{action}' is not served."),
            };
        }
        catch (StsException e)
        {
            return (e.Status, Error(e.Code, e.Message, requestId));
        }
    }

    private string AssumeRoleWithWebIdentity(Dictionary<string, string> form, string requestId)
    {
        var (roleArn, sessionName) = RoleAndSession(form);

        // The real service validates the token against the identity provider; here it must only be there.
        if (string.IsNullOrWhiteSpace(form.GetValueOrDefault("WebIdentityToken")))
        {
            throw new StsException(HttpStatusCode.BadRequest, "InvalidIdentityToken", "WebIdentityToken must be a non-empty token.");
        }

        var credential = Issue("AssumeRoleWithWebIdentity", roleArn, sessionName);
        return Answer("AssumeRoleWithWebIdentity", roleArn, sessionName, credential, requestId, "<SubjectFromWebIdentityToken>emulator-subject</SubjectFromWebIdentityToken><Audience>sts.amazonaws.com</Audience><Provider>emulator</Provider>");
    }

    private string AssumeRole(SigV4Request request, Dictionary<string, string> form, string requestId)
    {
        if (_verifier.Verify(request) is { } failure)
        {
            throw new StsException(failure.StatusCode, failure.ErrorCode.Replace("Exception", string.Empty, StringComparison.Ordinal), failure.Message);
        }

        var (roleArn, sessionName) = RoleAndSession(form);
        var credential = Issue("AssumeRole", roleArn, sessionName);
        return Answer("AssumeRole", roleArn, sessionName, credential, requestId, string.Empty);
    }

    private static (string RoleArn, string SessionName) RoleAndSession(Dictionary<string, string> form)
    {
        var roleArn = form.GetValueOrDefault("RoleArn");
        if (roleArn is null || !RoleArnPattern().IsMatch(roleArn))
        {
            throw new StsException(HttpStatusCode.BadRequest, "ValidationError", "RoleArn must be a role ARN such as arn:aws:iam::123456789012:role/name.");
        }

        var sessionName = form.GetValueOrDefault("RoleSessionName");
        if (sessionName is null || !SessionNamePattern().IsMatch(sessionName))
        {
            throw new StsException(HttpStatusCode.BadRequest, "ValidationError", "RoleSessionName must be 2 to 64 characters of letters, digits and =,.@-_.");
        }

        return (roleArn, sessionName);
    }

    private TemporaryCredential Issue(string action, string roleArn, string sessionName)
    {
        var credential = new TemporaryCredential(
            "ASIA" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
            RandomNumberGenerator.GetHexString(40, lowercase: true),
            "emulator-session-" + RandomNumberGenerator.GetHexString(64, lowercase: true),
            _timeProvider.GetUtcNow().Add(Lifetime));
        _issued[credential.AccessKeyId] = credential;
        _sessions.Enqueue(new EmulatorRoleSession(action, roleArn, sessionName, credential.AccessKeyId));
        return credential;
    }

    private static string Answer(string action, string roleArn, string sessionName, TemporaryCredential credential, string requestId, string extra)
    {
        var role = roleArn[(roleArn.LastIndexOf('/') + 1)..];
        var account = roleArn.Split(':')[4];
        return string.Create(CultureInfo.InvariantCulture, $"""
            <{action}Response xmlns="{Namespace}">
              <{action}Result>
                {extra}
                <AssumedRoleUser>
                  <Arn>{Escape($"arn:aws:sts::{account}:assumed-role/{role}/{sessionName}")}</Arn>
                  <AssumedRoleId>AROAEMULATOR:{Escape(sessionName)}</AssumedRoleId>
                </AssumedRoleUser>
                <Credentials>
                  <AccessKeyId>{credential.AccessKeyId}</AccessKeyId>
                  <SecretAccessKey>{credential.SecretAccessKey}</SecretAccessKey>
                  <SessionToken>{credential.SessionToken}</SessionToken>
                  <Expiration>{credential.Expiration.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}</Expiration>
                </Credentials>
              </{action}Result>
              <ResponseMetadata>
                <RequestId>{requestId}</RequestId>
              </ResponseMetadata>
            </{action}Response>
            """);
    }

    private static string Error(string code, string message, string requestId) => $"""
        <ErrorResponse xmlns="{Namespace}">
          <Error>
            <Type>Sender</Type>
            <Code>{Escape(code)}</Code>
            <Message>{Escape(message)}</Message>
          </Error>
          <RequestId>{requestId}</RequestId>
        </ErrorResponse>
        """;

    private static string Escape(string text) => SecurityElement.Escape(text);

    private static Dictionary<string, string> ParseForm(string body)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            form[name] = value;
        }

        return form;
    }

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")]
    private static partial Regex RoleArnPattern();

    [GeneratedRegex(@"^[\w+=,.@-]{2,64}$")]
    private static partial Regex SessionNamePattern();

    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex AccountPattern();

    private sealed class StsException(HttpStatusCode status, string code, string message) : Exception(message)
    {
        public HttpStatusCode Status { get; } = status;

        public string Code { get; } = code;
    }
}
