namespace ResourceServers.Tests.Transport;

/// <summary>Redaction by value: whatever the wording around them, the request's secrets are replaced.</summary>
public class SignedSecretsTests
{
    private const string Signature = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
    private const string Authorization = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240102/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + Signature;
    private const string Token = "FwoGZXIvYXdzEXAMPLE/session+token==";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    private static readonly SignedSecrets Secrets = new(Authorization, Token, Secret);

    [Theory]
    [InlineData("header was " + Authorization)]
    [InlineData("sig " + Signature + " bad")]
    [InlineData("token=" + Token)]
    [InlineData("secret:" + Secret)]
    [InlineData("urlencoded FwoGZXIvYXdzEXAMPLE%2Fsession%2Btoken%3D%3D here")]
    public void Each_secret_is_replaced_as_sent_or_percent_encoded(string echoed)
    {
        var redacted = Secrets.Redact(echoed)!;

        Assert.Contains(SignedSecrets.Placeholder, redacted, StringComparison.Ordinal);
        foreach (var secret in new[] { Authorization, Signature, Token, Uri.EscapeDataString(Token), Secret })
        {
            Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Text_without_secrets_is_left_as_it_is() =>
        Assert.Equal("Rate exceeded", Secrets.Redact("Rate exceeded"));

    [Fact]
    public void Values_too_short_to_be_secrets_are_not_redacted_everywhere()
    {
        var secrets = new SignedSecrets(authorization: null, sessionToken: "", secretKey: "ab");

        Assert.Equal("a b ab", secrets.Redact("a b ab"));
    }
}
