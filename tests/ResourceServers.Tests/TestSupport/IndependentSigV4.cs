using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace ResourceServers.Tests.TestSupport;

/// <summary>The parts of a SigV4 signature, each as the spec defines it.</summary>
public sealed record SigV4Computation(string CanonicalRequest, string StringToSign, string Signature, string SignedHeaders);

/// <summary>
/// AWS Signature Version 4 written from the specification with plain HMAC-SHA256, sharing no code with the SDK,
/// so it can check what the SDK's signer put on a request. Covers what the JSON protocols need: a path of <c>/</c>
/// (or any already-normalized path), no query string, header signing.
/// </summary>
public static partial class IndependentSigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    public static SigV4Computation Compute(
        string method,
        Uri uri,
        IEnumerable<KeyValuePair<string, string>> headersToSign,
        byte[] body,
        string amzDate,
        string region,
        string service,
        string secretKey)
    {
        // Canonical headers: lower-case names, values trimmed with inner runs of spaces collapsed, sorted by name.
        var canonicalHeaders = headersToSign
            .Select(h => (Name: h.Key.ToLowerInvariant(), Value: Spaces().Replace(h.Value.Trim(), " ")))
            .OrderBy(h => h.Name, StringComparer.Ordinal)
            .ToList();
        var signedHeaders = string.Join(';', canonicalHeaders.Select(h => h.Name));

        var canonicalRequest = new StringBuilder()
            .Append(method).Append('\n')
            .Append(string.IsNullOrEmpty(uri.AbsolutePath) ? "/" : uri.AbsolutePath).Append('\n')
            .Append(uri.Query.TrimStart('?')).Append('\n')
            .Append(string.Concat(canonicalHeaders.Select(h => $"{h.Name}:{h.Value}\n"))).Append('\n')
            .Append(signedHeaders).Append('\n')
            .Append(Hex(SHA256.HashData(body)))
            .ToString();

        var date = amzDate[..8];
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var signature = Hex(Hmac(key, stringToSign));

        return new SigV4Computation(canonicalRequest, stringToSign, signature, signedHeaders);
    }

    /// <summary>
    /// Recomputes the signature of a recorded request from its own Authorization header: the scope and the signed
    /// header names come from there, the values from the headers that went on the wire (host from the URL).
    /// </summary>
    public static (SigV4Computation Computed, string SentSignature) Recompute(RecordedRequest request, string secretKey)
    {
        var authorization = ParseAuthorization(request.Header("Authorization")
            ?? throw new InvalidOperationException("The request has no Authorization header."));

        var headers = authorization.SignedHeaders.Split(';').Select(name =>
        {
            var value = name == "host"
                ? request.Header("Host") ?? (request.Uri.IsDefaultPort ? request.Uri.IdnHost : $"{request.Uri.IdnHost}:{request.Uri.Port}")
                : request.Header(name) ?? throw new InvalidOperationException($"Signed header '{name}' was not sent.");
            return KeyValuePair.Create(name, value);
        });

        var amzDate = request.Header("X-Amz-Date") ?? throw new InvalidOperationException("The request has no X-Amz-Date header.");
        var computed = Compute(request.Method.Method, request.Uri, headers, request.Body, amzDate, authorization.Region, authorization.Service, secretKey);
        return (computed, authorization.Signature);
    }

    public static AuthorizationParts ParseAuthorization(string header)
    {
        var match = AuthorizationShape().Match(header);
        if (!match.Success)
        {
            throw new FormatException($"Not a SigV4 Authorization header: {header}");
        }

        return new AuthorizationParts(
            match.Groups["akid"].Value,
            match.Groups["date"].Value,
            match.Groups["region"].Value,
            match.Groups["service"].Value,
            match.Groups["signed"].Value,
            match.Groups["sig"].Value);
    }

    public static string AmzDate(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    [GeneratedRegex(" +")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<akid>[^/]+)/(?<date>\d{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9-]+)/aws4_request, SignedHeaders=(?<signed>[a-z0-9-;]+), Signature=(?<sig>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationShape();

    public sealed record AuthorizationParts(string AccessKeyId, string Date, string Region, string Service, string SignedHeaders, string Signature);
}
