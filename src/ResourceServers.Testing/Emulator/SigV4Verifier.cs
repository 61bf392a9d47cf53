using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace ResourceServers.Testing;

/// <summary>
/// Verifies AWS Signature Version 4 (header form, <c>AWS4-HMAC-SHA256</c>) the way the AWS front end does, and
/// answers with the error AWS would send. Written from the published algorithm rather than on top of an SDK's
/// signer, so that a signer and this verifier sharing one bug cannot make each other look right.
/// </summary>
/// <remarks>
/// The steps are pure static functions so tests can compare each intermediate string with a known vector.
/// Error messages never carry the secret key, the session token or the Authorization header.
/// </remarks>
internal sealed class SigV4Verifier
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string Terminator = "aws4_request";
    public const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>How far the signing time may be from the clock, as AWS allows.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(15);

    private const string InvalidTokenMessage = "The security token included in the request is invalid.";
    private const string RedactedToken = "<redacted>";

    private readonly string _accessKeyId;
    private readonly byte[] _secretAccessKey;
    private readonly string? _sessionToken;
    private readonly Func<string, TemporaryCredential?>? _issued;
    private readonly string? _region;
    private readonly string _service;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a verifier that accepts one credential, scoped to one region and service.</summary>
    /// <param name="accessKeyId">The only access key id accepted.</param>
    /// <param name="secretAccessKey">Its secret.</param>
    /// <param name="sessionToken">When set, requests must carry it in <c>X-Amz-Security-Token</c>; when null, they must carry none.</param>
    /// <param name="region">The region credential scopes must name.</param>
    /// <param name="service">The service credential scopes must name, e.g. <c>cognito-idp</c>.</param>
    /// <param name="timeProvider">The clock the signing time is checked against.</param>
    public SigV4Verifier(string accessKeyId, string secretAccessKey, string? sessionToken, string region, string service, TimeProvider timeProvider)
        : this(accessKeyId, secretAccessKey, sessionToken, issued: null, region, service, timeProvider)
    {
    }

    /// <summary>
    /// Creates a verifier that accepts one long-term credential and the temporary credentials an STS issued, each
    /// temporary one only with its own session token and only until it expires.
    /// </summary>
    /// <param name="accessKeyId">The long-term access key id accepted.</param>
    /// <param name="secretAccessKey">Its secret.</param>
    /// <param name="sessionToken">The token the long-term key must carry, or null for none.</param>
    /// <param name="issued">Finds a temporary credential by its access key id; null when none are accepted.</param>
    /// <param name="region">The region credential scopes must name; null accepts any (STS is signed for whichever Region the caller chose).</param>
    /// <param name="service">The service credential scopes must name.</param>
    /// <param name="timeProvider">The clock the signing time and expirations are checked against.</param>
    public SigV4Verifier(string accessKeyId, string secretAccessKey, string? sessionToken, Func<string, TemporaryCredential?>? issued, string? region, string service, TimeProvider timeProvider)
    {
        _issued = issued;
        _accessKeyId = accessKeyId;
        _secretAccessKey = Encoding.UTF8.GetBytes(secretAccessKey);
        _sessionToken = sessionToken;
        _region = region;
        _service = service;
        _timeProvider = timeProvider;
    }

    /// <summary>Checks a request's signature.</summary>
    /// <param name="request">The request as received.</param>
    /// <returns>Null when AWS would accept the signature; otherwise the error AWS would answer with.</returns>
    public SigV4Failure? Verify(SigV4Request request)
    {
        ArgumentNullException.ThrowIfNull(request);

        var authorizationHeader = Single(request.Headers, "authorization");
        if (authorizationHeader is null)
        {
            return new SigV4Failure(HttpStatusCode.BadRequest, SigV4Failure.MissingAuthenticationToken, "Missing Authentication Token");
        }

        if (!TryParseAuthorization(authorizationHeader, out var authorization, out var problem))
        {
            return new SigV4Failure(HttpStatusCode.BadRequest, SigV4Failure.IncompleteSignature, problem);
        }

        var amzDate = Single(request.Headers, "x-amz-date");
        if (amzDate is null)
        {
            return new SigV4Failure(HttpStatusCode.BadRequest, SigV4Failure.IncompleteSignature,
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }

        if (!DateTimeOffset.TryParseExact(amzDate, AmzDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
        {
            return new SigV4Failure(HttpStatusCode.BadRequest, SigV4Failure.IncompleteSignature,
                "X-Amz-Date must be in the ISO-8601 basic format yyyyMMdd'T'HHmmss'Z'.");
        }

        var sessionToken = Single(request.Headers, "x-amz-security-token");
        byte[] secretAccessKey;
        if (FixedTimeEquals(authorization.AccessKeyId, _accessKeyId))
        {
            if (!FixedTimeEquals(sessionToken ?? string.Empty, _sessionToken ?? string.Empty) || (sessionToken is null) != (_sessionToken is null))
            {
                return new SigV4Failure(HttpStatusCode.Forbidden, SigV4Failure.UnrecognizedClient, InvalidTokenMessage);
            }

            secretAccessKey = _secretAccessKey;
        }
        else if (_issued?.Invoke(authorization.AccessKeyId) is { } temporary)
        {
            // A temporary credential is only good with the token it was issued with, and only until it expires.
            if (sessionToken is null || !FixedTimeEquals(sessionToken, temporary.SessionToken))
            {
                return new SigV4Failure(HttpStatusCode.Forbidden, SigV4Failure.UnrecognizedClient, InvalidTokenMessage);
            }

            if (_timeProvider.GetUtcNow() >= temporary.Expiration)
            {
                return new SigV4Failure(HttpStatusCode.Forbidden, SigV4Failure.ExpiredToken, "The security token included in the request is expired");
            }

            secretAccessKey = Encoding.UTF8.GetBytes(temporary.SecretAccessKey);
        }
        else
        {
            return new SigV4Failure(HttpStatusCode.Forbidden, SigV4Failure.UnrecognizedClient, InvalidTokenMessage);
        }

        var amzDateDay = amzDate[..8];
        if (!string.Equals(authorization.Date, amzDateDay, StringComparison.Ordinal))
        {
            return new SigV4Failure(HttpStatusCode.Forbidden, SigV4Failure.InvalidSignature,
                $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{authorization.Date}' != '{amzDateDay}', from '{amzDate}'.");
        }

        if (_region is not null && !string.Equals(authorization.Region, _region, StringComparison.Ordinal))
        {
            return new SigV4Failure(HttpStatusCode.Forbidden, SigV4Failure.InvalidSignature,
                $"Credential should be scoped to a valid region, not '{authorization.Region}'. ");
        }

        if (!string.Equals(authorization.Service, _service, StringComparison.Ordinal))
        {
            return new SigV4Failure(HttpStatusCode.Forbidden, SigV4Failure.InvalidSignature,
                $"Credential should be scoped to correct service: '{_service}'. ");
        }

        if (!authorization.SignedHeaders.Contains("host", StringComparer.Ordinal))
        {
            return new SigV4Failure(HttpStatusCode.Forbidden, SigV4Failure.InvalidSignature,
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }

        var skewFailure = CheckClockSkew(amzDate, signedAt, _timeProvider.GetUtcNow());
        if (skewFailure is not null)
        {
            return skewFailure;
        }

        var payloadHash = HashHex(request.Body.Span);
        var declaredPayloadHash = Single(request.Headers, "x-amz-content-sha256");
        if (declaredPayloadHash is not null && !string.Equals(declaredPayloadHash.Trim(), payloadHash, StringComparison.OrdinalIgnoreCase))
        {
            return new SigV4Failure(HttpStatusCode.BadRequest, SigV4Failure.InvalidSignature,
                "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }

        var canonicalHeaders = authorization.SignedHeaders
            .Select(name => (name, CanonicalHeaderValue(request.Headers.TryGetValue(name, out var values) ? values : [])))
            .ToList();
        var canonicalRequest = BuildCanonicalRequest(request.Method, CanonicalUri(request.RawPath), CanonicalQuery(request.RawQuery), canonicalHeaders, payloadHash);
        var stringToSign = BuildStringToSign(amzDate, authorization.Scope, canonicalRequest);
        var expected = ComputeSignature(DeriveSigningKey(secretAccessKey, authorization.Date, authorization.Region, authorization.Service), stringToSign);

        if (FixedTimeEquals(authorization.Signature, expected))
        {
            return null;
        }

        // AWS quotes both strings so a client author can diff them; the token value is the one secret they could hold.
        var shownCanonicalRequest = sessionToken is null ? canonicalRequest : canonicalRequest.Replace(sessionToken, RedactedToken, StringComparison.Ordinal);
        return new SigV4Failure(HttpStatusCode.Forbidden, SigV4Failure.InvalidSignature,
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n"
            + $"The Canonical String for this request should have been\n'{shownCanonicalRequest}'\n\n"
            + $"The String-to-Sign should have been\n'{stringToSign}'\n");
    }

    /// <summary>Parses <c>AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, SignedHeaders=a;b, Signature=hex</c>.</summary>
    /// <param name="header">The Authorization header value.</param>
    /// <param name="authorization">The parts, when the header is well formed.</param>
    /// <param name="problem">Why it is not, in AWS's words, when it is not.</param>
    /// <returns>Whether the header is well formed.</returns>
    public static bool TryParseAuthorization(string header, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SigV4Authorization? authorization, out string problem)
    {
        ArgumentNullException.ThrowIfNull(header);
        authorization = null;
        problem = string.Empty;

        var trimmed = header.Trim();
        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        var algorithm = space < 0 ? trimmed : trimmed[..space];
        if (!string.Equals(algorithm, Algorithm, StringComparison.Ordinal))
        {
            // The value is never echoed: it could be a credential of another scheme.
            problem = $"Unsupported Authorization scheme; only '{Algorithm}' is accepted.";
            return false;
        }

        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in trimmed[(space + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var value = part[(equals + 1)..].Trim();
            switch (part[..equals].Trim())
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
                default: break;
            }
        }

        var missing = new StringBuilder();
        AppendMissing(missing, credential, "Credential");
        AppendMissing(missing, signedHeaders, "SignedHeaders");
        AppendMissing(missing, signature, "Signature");
        if (missing.Length > 0)
        {
            problem = missing.ToString().TrimEnd();
            return false;
        }

        var scope = credential!.Split('/');
        if (scope.Length != 5 || scope.Any(string.IsNullOrEmpty) || !string.Equals(scope[4], Terminator, StringComparison.Ordinal))
        {
            problem = $"Credential must have the form '<AccessKeyId>/<yyyyMMdd>/<region>/<service>/{Terminator}'.";
            return false;
        }

        var headers = signedHeaders!
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(h => h.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

        authorization = new SigV4Authorization(scope[0], scope[1], scope[2], scope[3], headers, signature!);
        return true;
    }

    /// <summary>Builds the canonical request (task 1 of the algorithm).</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="canonicalUri">The canonical URI, see <see cref="CanonicalUri"/>.</param>
    /// <param name="canonicalQuery">The canonical query, see <see cref="CanonicalQuery"/>.</param>
    /// <param name="headers">The signed headers: lowercased names, sorted, with canonical values.</param>
    /// <param name="payloadHash">The lowercase hex SHA-256 of the body.</param>
    /// <returns>The canonical request.</returns>
    public static string BuildCanonicalRequest(string method, string canonicalUri, string canonicalQuery, IReadOnlyList<(string Name, string Value)> headers, string payloadHash)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var builder = new StringBuilder()
            .Append(method.ToUpperInvariant()).Append('\n')
            .Append(canonicalUri).Append('\n')
            .Append(canonicalQuery).Append('\n');
        foreach (var (name, value) in headers)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        return builder.Append('\n')
            .AppendJoin(';', headers.Select(h => h.Name)).Append('\n')
            .Append(payloadHash)
            .ToString();
    }

    /// <summary>Builds the string to sign (task 2).</summary>
    /// <param name="amzDate">The <c>X-Amz-Date</c> value.</param>
    /// <param name="scope">The credential scope.</param>
    /// <param name="canonicalRequest">The canonical request.</param>
    /// <returns>The string to sign.</returns>
    public static string BuildStringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{HashHex(Encoding.UTF8.GetBytes(canonicalRequest))}";

    /// <summary>Derives the signing key (task 3): HMAC chain over date, region, service and the terminator.</summary>
    /// <param name="secretAccessKey">The UTF-8 secret access key.</param>
    /// <param name="date">The scope date, <c>yyyyMMdd</c>.</param>
    /// <param name="region">The scope region.</param>
    /// <param name="service">The scope service.</param>
    /// <returns>The signing key.</returns>
    public static byte[] DeriveSigningKey(ReadOnlySpan<byte> secretAccessKey, string date, string region, string service)
    {
        var seed = new byte[4 + secretAccessKey.Length];
        "AWS4"u8.CopyTo(seed);
        secretAccessKey.CopyTo(seed.AsSpan(4));
        try
        {
            var key = Hmac(seed, date);
            key = Hmac(key, region);
            key = Hmac(key, service);
            return Hmac(key, Terminator);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>Computes the signature (task 4): lowercase hex HMAC-SHA256 of the string to sign.</summary>
    /// <param name="signingKey">The derived signing key.</param>
    /// <param name="stringToSign">The string to sign.</param>
    /// <returns>The signature.</returns>
    public static string ComputeSignature(byte[] signingKey, string stringToSign) =>
        Convert.ToHexStringLower(Hmac(signingKey, stringToSign));

    /// <summary>
    /// The canonical URI of a path as sent: each byte outside the RFC 3986 unreserved set and <c>/</c> percent-encoded
    /// again (services other than S3 encode the already encoded path a second time). An empty path is <c>/</c>.
    /// </summary>
    /// <param name="rawPath">The path as sent.</param>
    /// <returns>The canonical URI.</returns>
    public static string CanonicalUri(string rawPath) =>
        string.IsNullOrEmpty(rawPath) ? "/" : UriEncode(rawPath, keepSlash: true);

    /// <summary>The canonical query: parameters decoded, re-encoded per RFC 3986, sorted by name then value.</summary>
    /// <param name="rawQuery">The query as sent, with or without the leading <c>?</c>.</param>
    /// <returns>The canonical query; empty when there is none.</returns>
    public static string CanonicalQuery(string rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery) || rawQuery == "?")
        {
            return string.Empty;
        }

        var pairs = rawQuery.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p =>
            {
                var equals = p.IndexOf('=', StringComparison.Ordinal);
                var name = equals < 0 ? p : p[..equals];
                var value = equals < 0 ? string.Empty : p[(equals + 1)..];
                return (Name: UriEncode(Uri.UnescapeDataString(name), keepSlash: false), Value: UriEncode(Uri.UnescapeDataString(value), keepSlash: false));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => $"{p.Name}={p.Value}"));
    }

    /// <summary>The canonical value of a header: each value trimmed with inner runs of spaces collapsed, values joined by commas.</summary>
    /// <param name="values">The values of every occurrence of the header.</param>
    /// <returns>The canonical value.</returns>
    public static string CanonicalHeaderValue(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return string.Join(',', values.Select(CollapseSpaces));
    }

    /// <summary>Lowercase hex SHA-256.</summary>
    /// <param name="data">The bytes to hash.</param>
    /// <returns>The hash.</returns>
    public static string HashHex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Checks the signing time against the clock, with AWS's wording on either side of the window.</summary>
    /// <param name="amzDate">The <c>X-Amz-Date</c> value as sent.</param>
    /// <param name="signedAt">The parsed value.</param>
    /// <param name="now">The clock.</param>
    /// <returns>Null when within <see cref="MaxClockSkew"/>.</returns>
    public static SigV4Failure? CheckClockSkew(string amzDate, DateTimeOffset signedAt, DateTimeOffset now)
    {
        if (signedAt < now - MaxClockSkew)
        {
            return new SigV4Failure(HttpStatusCode.BadRequest, SigV4Failure.InvalidSignature,
                $"Signature expired: {amzDate} is now earlier than {Format(now - MaxClockSkew)} ({Format(now)} - 15 min.)");
        }

        if (signedAt > now + MaxClockSkew)
        {
            return new SigV4Failure(HttpStatusCode.BadRequest, SigV4Failure.InvalidSignature,
                $"Signature not yet current: {amzDate} is still later than {Format(now + MaxClockSkew)} ({Format(now)} + 15 min.)");
        }

        return null;
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string? Single(IReadOnlyDictionary<string, IReadOnlyList<string>> headers, string name) =>
        headers.TryGetValue(name, out var values) && values.Count > 0 ? string.Join(',', values) : null;

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static void AppendMissing(StringBuilder builder, string? value, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            builder.Append(CultureInfo.InvariantCulture, $"Authorization header requires '{name}' parameter. ");
        }
    }

    private static string CollapseSpaces(string value)
    {
        var trimmed = value.Trim();
        var builder = new StringBuilder(trimmed.Length);
        var previousWasSpace = false;
        foreach (var c in trimmed)
        {
            var isSpace = c == ' ' || c == '\t';
            if (!isSpace || !previousWasSpace)
            {
                builder.Append(isSpace ? ' ' : c);
            }

            previousWasSpace = isSpace;
        }

        return builder.ToString();
    }

    private static string UriEncode(string value, bool keepSlash)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (keepSlash && c == '/'))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
