using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using ResourceServers.Tests.TestSupport;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Transport;

/// <summary>The SigV4 headers the transport sends, checked against an independent implementation of the spec.</summary>
public class CognitoHttpTransportSigningTests
{
    private static readonly UpdateResourceServerRequest VectorRequest = new()
    {
        UserPoolId = "us-east-1_abc123",
        Identifier = "https://api.example.com",
        Name = "my-api",
        Scopes = [new ResourceServerScopeType { ScopeName = "read", ScopeDescription = "Read" }],
    };

    [Fact]
    public async Task Authorization_header_has_the_sigv4_shape_with_scope_date_region_and_service()
    {
        var handler = new RecordingHandler(_ => UpdateAnswer());
        var transport = TransportHarness.Create(handler);

        await transport.UpdateResourceServerAsync(VectorRequest);

        var request = handler.Single;
        var auth = IndependentSigV4.ParseAuthorization(request.Header("Authorization")!);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240102/us-east-1/cognito-idp/aws4_request, SignedHeaders=", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("20240102T030405Z", request.Header("X-Amz-Date"));
        var signed = auth.SignedHeaders.Split(';');
        Assert.Subset(signed.ToHashSet(), new HashSet<string> { "content-type", "host", "x-amz-date", "x-amz-target" });
        Assert.Equal(signed.Order(StringComparer.Ordinal), signed);
        Assert.DoesNotContain("x-amz-security-token", signed);
        Assert.Null(request.Header("X-Amz-Security-Token"));
    }

    [Fact]
    public async Task Signature_agrees_with_the_independent_signer_recomputed_from_the_sent_headers()
    {
        var handler = new RecordingHandler(_ => UpdateAnswer());
        var transport = TransportHarness.Create(handler);

        await transport.UpdateResourceServerAsync(VectorRequest);

        var request = handler.Single;
        var (computed, sent) = IndependentSigV4.Recompute(request, TransportHarness.SecretKey);
        Assert.Equal(computed.Signature, sent);

        // The body the vector was computed for is exactly the body sent.
        Assert.Equal(SigV4VectorTests.SigV4Vector.Load().Body, request.BodyText);
    }

    [Fact]
    public async Task Payload_hash_header_is_the_sha256_of_the_body_sent()
    {
        var handler = new RecordingHandler(_ => UpdateAnswer());
        var transport = TransportHarness.Create(handler);

        await transport.UpdateResourceServerAsync(VectorRequest);

        var request = handler.Single;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(request.Body)), request.Header("X-Amz-Content-SHA256"));
    }

    [Fact]
    public async Task Session_token_is_sent_and_covered_by_the_signature()
    {
        var handler = new RecordingHandler(_ => UpdateAnswer());
        var transport = TransportHarness.Create(handler, TransportHarness.Session);

        await transport.UpdateResourceServerAsync(VectorRequest);

        var request = handler.Single;
        Assert.Equal(TransportHarness.SessionToken, request.Header("X-Amz-Security-Token"));
        Assert.Contains("x-amz-security-token", IndependentSigV4.ParseAuthorization(request.Header("Authorization")!).SignedHeaders.Split(';'));
        var (computed, sent) = IndependentSigV4.Recompute(request, TransportHarness.SecretKey);
        Assert.Equal(computed.Signature, sent);
    }

    [Fact]
    public async Task Each_send_is_signed_afresh_at_the_time_of_sending()
    {
        var time = new FakeTimeProvider(TransportHarness.VectorTime);
        var handler = new RecordingHandler(_ => UpdateAnswer());
        var transport = TransportHarness.Create(handler, time: time);

        await transport.UpdateResourceServerAsync(VectorRequest);
        time.Advance(TimeSpan.FromMinutes(7));
        await transport.UpdateResourceServerAsync(VectorRequest);

        var (first, second) = (handler.Requests[0], handler.Requests[1]);
        Assert.Equal("20240102T030405Z", first.Header("X-Amz-Date"));
        Assert.Equal("20240102T031105Z", second.Header("X-Amz-Date"));
        Assert.NotEqual(first.Header("Authorization"), second.Header("Authorization"));
        foreach (var request in handler.Requests)
        {
            var (computed, sent) = IndependentSigV4.Recompute(request, TransportHarness.SecretKey);
            Assert.Equal(computed.Signature, sent);
        }
    }

    [Fact]
    public async Task China_region_requests_go_to_the_cn_suffix_and_are_signed_for_that_region()
    {
        var handler = new RecordingHandler(_ => UpdateAnswer());
        var transport = TransportHarness.Create(handler, region: "cn-north-1");

        await transport.UpdateResourceServerAsync(VectorRequest);

        var request = handler.Single;
        Assert.Equal(new Uri("https://cognito-idp.cn-north-1.amazonaws.com.cn/"), request.Uri);
        Assert.Equal("cn-north-1", IndependentSigV4.ParseAuthorization(request.Header("Authorization")!).Region);
        var (computed, sent) = IndependentSigV4.Recompute(request, TransportHarness.SecretKey);
        Assert.Equal(computed.Signature, sent);
    }

    [Fact]
    public async Task A_loopback_override_with_a_port_is_signed_with_the_port_in_the_host()
    {
        var handler = new RecordingHandler(_ => UpdateAnswer());
        var transport = TransportHarness.Create(handler, serviceUrl: new Uri("http://127.0.0.1:4566/"));

        await transport.UpdateResourceServerAsync(VectorRequest);

        var request = handler.Single;
        Assert.Equal("us-east-1", IndependentSigV4.ParseAuthorization(request.Header("Authorization")!).Region);
        var (computed, sent) = IndependentSigV4.Recompute(request, TransportHarness.SecretKey);
        Assert.Contains("host:127.0.0.1:4566\n", computed.CanonicalRequest, StringComparison.Ordinal);
        Assert.Equal(computed.Signature, sent);
    }

    [Fact]
    public async Task A_tampered_body_no_longer_matches_the_sent_signature()
    {
        var handler = new RecordingHandler(_ => UpdateAnswer());
        var transport = TransportHarness.Create(handler);

        await transport.UpdateResourceServerAsync(VectorRequest);

        var request = handler.Single;
        var tampered = request with { Body = [.. request.Body[..^1], (byte)' '] };
        var (computed, sent) = IndependentSigV4.Recompute(tampered, TransportHarness.SecretKey);
        Assert.NotEqual(computed.Signature, sent);
    }

    private static HttpResponseMessage UpdateAnswer() =>
        RecordingHandler.Json(HttpStatusCode.OK, """{"ResourceServer":{"UserPoolId":"us-east-1_abc123","Identifier":"https://api.example.com","Name":"my-api","Scopes":[{"ScopeName":"read","ScopeDescription":"Read"}]}}""");
}
