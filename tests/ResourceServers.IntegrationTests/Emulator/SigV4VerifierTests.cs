using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using ResourceServers.Testing;

namespace ResourceServers.IntegrationTests.Emulator;

public class SigV4VerifierTests
{
    private readonly SigV4Vector _vector = SigV4Vector.Load();

    [Fact]
    public void Vector_request_is_accepted_at_the_vector_time()
    {
        Assert.Null(VerifierAt(_vector.Time).Verify(VectorRequest(Encoding.UTF8.GetBytes(_vector.Body))));
    }

    [Fact]
    public void Vector_canonical_request_and_string_to_sign_are_rebuilt_byte_for_byte()
    {
        var payloadHash = SigV4Verifier.HashHex(Encoding.UTF8.GetBytes(_vector.Body));
        var canonical = SigV4Verifier.BuildCanonicalRequest("POST", SigV4Verifier.CanonicalUri("/"), SigV4Verifier.CanonicalQuery(string.Empty), _vector.SignedHeaders, payloadHash);
        Assert.Equal(_vector.CanonicalRequest, canonical);

        var scope = $"{_vector.AmzDate[..8]}/{_vector.Region}/{_vector.Service}/aws4_request";
        var stringToSign = SigV4Verifier.BuildStringToSign(_vector.AmzDate, scope, canonical);
        Assert.Equal(_vector.StringToSign, stringToSign);

        var key = SigV4Verifier.DeriveSigningKey(Encoding.UTF8.GetBytes(_vector.SecretAccessKey), _vector.AmzDate[..8], _vector.Region, _vector.Service);
        Assert.EndsWith("Signature=" + SigV4Verifier.ComputeSignature(key, stringToSign), _vector.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public void Vector_with_one_body_byte_flipped_is_refused_as_invalid_signature()
    {
        var body = Encoding.UTF8.GetBytes(_vector.Body);
        body[body.Length / 2] ^= 0x01;

        var failure = VerifierAt(_vector.Time).Verify(VectorRequest(body));

        Assert.NotNull(failure);
        Assert.Equal(HttpStatusCode.Forbidden, failure.StatusCode);
        Assert.Equal("InvalidSignatureException", failure.ErrorCode);
        Assert.StartsWith("The request signature we calculated does not match the signature you provided.", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vector_with_a_different_secret_is_refused_as_invalid_signature()
    {
        var verifier = new SigV4Verifier(_vector.AccessKeyId, _vector.SecretAccessKey + "x", null, _vector.Region, _vector.Service, new FakeTimeProvider(_vector.Time));

        Assert.Equal("InvalidSignatureException", verifier.Verify(VectorRequest(Encoding.UTF8.GetBytes(_vector.Body)))?.ErrorCode);
    }

    [Fact]
    public void Vector_with_a_signed_header_changed_is_refused()
    {
        var request = VectorRequest(Encoding.UTF8.GetBytes(_vector.Body), ("x-amz-target", "AWSCognitoIdentityProviderService.DeleteResourceServer"));

        Assert.Equal("InvalidSignatureException", VerifierAt(_vector.Time).Verify(request)?.ErrorCode);
    }

    [Theory]
    [InlineData(14, true)]
    [InlineData(-14, true)]
    [InlineData(16, false)]
    [InlineData(-16, false)]
    public void Signing_time_must_be_within_15_minutes_of_the_clock(int clockOffsetMinutes, bool accepted)
    {
        var failure = VerifierAt(_vector.Time.AddMinutes(clockOffsetMinutes)).Verify(VectorRequest(Encoding.UTF8.GetBytes(_vector.Body)));

        if (accepted)
        {
            Assert.Null(failure);
            return;
        }

        Assert.NotNull(failure);
        Assert.Equal(HttpStatusCode.BadRequest, failure.StatusCode);
        Assert.Equal("InvalidSignatureException", failure.ErrorCode);
        Assert.Equal(
            clockOffsetMinutes > 0
                ? "Signature expired: 20240102T030405Z is now earlier than 20240102T030505Z (20240102T032005Z - 15 min.)"
                : "Signature not yet current: 20240102T030405Z is still later than 20240102T030305Z (20240102T024805Z + 15 min.)",
            failure.Message);
    }

    [Fact]
    public void Missing_authorization_is_missing_authentication_token()
    {
        var request = VectorRequest(Encoding.UTF8.GetBytes(_vector.Body));
        var headers = request.Headers.Where(h => h.Key != "authorization").ToDictionary(StringComparer.OrdinalIgnoreCase);

        var failure = VerifierAt(_vector.Time).Verify(request with { Headers = headers });

        Assert.Equal(new SigV4Failure(HttpStatusCode.BadRequest, "MissingAuthenticationTokenException", "Missing Authentication Token"), failure);
    }

    [Fact]
    public void Unsigned_host_is_refused_even_with_a_correct_signature()
    {
        // Signed with the verifier's own steps (the point here is the rule, not the arithmetic).
        var body = Encoding.UTF8.GetBytes(_vector.Body);
        var headers = _vector.SignedHeaders.Where(h => h.Name != "host").ToList();
        var canonical = SigV4Verifier.BuildCanonicalRequest("POST", "/", string.Empty, headers, SigV4Verifier.HashHex(body));
        var scope = $"{_vector.AmzDate[..8]}/{_vector.Region}/{_vector.Service}/aws4_request";
        var key = SigV4Verifier.DeriveSigningKey(Encoding.UTF8.GetBytes(_vector.SecretAccessKey), _vector.AmzDate[..8], _vector.Region, _vector.Service);
        var signature = SigV4Verifier.ComputeSignature(key, SigV4Verifier.BuildStringToSign(_vector.AmzDate, scope, canonical));
        var authorization = $"AWS4-HMAC-SHA256 Credential={_vector.AccessKeyId}/{scope}, SignedHeaders={string.Join(';', headers.Select(h => h.Name))}, Signature={signature}";

        var failure = VerifierAt(_vector.Time).Verify(VectorRequest(body, ("authorization", authorization)));

        Assert.Equal("InvalidSignatureException", failure?.ErrorCode);
        Assert.Equal("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.", failure?.Message);
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc", "Authorization header requires 'Credential' parameter.")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20240102/us-east-1/cognito-idp/aws4_request", "Authorization header requires 'SignedHeaders' parameter. Authorization header requires 'Signature' parameter.")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20240102/us-east-1/aws4_request, SignedHeaders=host, Signature=abc", "Credential must have the form '<AccessKeyId>/<yyyyMMdd>/<region>/<service>/aws4_request'.")]
    [InlineData("Basic dXNlcjpwYXNz", "Unsupported Authorization scheme; only 'AWS4-HMAC-SHA256' is accepted.")]
    public void Malformed_authorization_is_refused_with_the_missing_part_named(string header, string expected)
    {
        Assert.False(SigV4Verifier.TryParseAuthorization(header, out _, out var problem));
        Assert.Equal(expected, problem);
        Assert.DoesNotContain("dXNlcjpwYXNz", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Authorization_parts_are_parsed_with_signed_headers_lowercased_and_sorted()
    {
        Assert.True(SigV4Verifier.TryParseAuthorization(
            "AWS4-HMAC-SHA256 Credential=AKID/20240102/eu-west-1/cognito-idp/aws4_request,SignedHeaders=X-Amz-Date;Host;content-type,Signature=00ff",
            out var parsed,
            out _));
        Assert.Equal(("AKID", "20240102", "eu-west-1", "cognito-idp", "00ff"), (parsed.AccessKeyId, parsed.Date, parsed.Region, parsed.Service, parsed.Signature));
        Assert.Equal(["content-type", "host", "x-amz-date"], parsed.SignedHeaders);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("b=2&a=1", "a=1&b=2")]
    [InlineData("a=2&a=1", "a=1&a=2")]
    [InlineData("key=a%20b&flag", "flag=&key=a%20b")]
    [InlineData("x=%7E%2F+", "x=~%2F%2B")]
    public void Canonical_query_is_sorted_and_rfc3986_encoded(string raw, string expected)
    {
        Assert.Equal(expected, SigV4Verifier.CanonicalQuery(raw));
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("", "/")]
    [InlineData("/a b/c%2F", "/a%20b/c%252F")]
    public void Canonical_uri_encodes_the_sent_path_again(string raw, string expected)
    {
        Assert.Equal(expected, SigV4Verifier.CanonicalUri(raw));
    }

    [Fact]
    public void Canonical_header_value_is_trimmed_collapsed_and_comma_joined()
    {
        Assert.Equal("a b c,d", SigV4Verifier.CanonicalHeaderValue(["  a   b c ", "d"]));
    }

    private SigV4Verifier VerifierAt(DateTimeOffset now) =>
        new(_vector.AccessKeyId, _vector.SecretAccessKey, null, _vector.Region, _vector.Service, new FakeTimeProvider(now));

    private SigV4Request VectorRequest(byte[] body, params (string Name, string Value)[] overrides)
    {
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["authorization"] = [_vector.Authorization],
        };
        foreach (var (name, value) in _vector.SignedHeaders)
        {
            headers[name] = [value];
        }

        foreach (var (name, value) in overrides)
        {
            headers[name] = [value];
        }

        return new SigV4Request("POST", "/", string.Empty, headers, body);
    }
}
