namespace ResourceServers.Tests.Transport;

/// <summary>Redaction by value: whatever the wording around them, the request's secrets are replaced.</summary>
public class SignedSecretsTests
{
    private const string Signature = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
    private const string Authorization = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240102/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + Signature;
    private const string Token = "FwoGZXIvYXdzEXAMPLE/session+token==";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    // Built per test, not once per class: a static instance would be built before a mutation run activates a mutant.
    private static SignedSecrets Secrets => new(Authorization, Token, Secret);

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
    public void A_secret_holding_another_is_replaced_whole_leaving_nothing_of_it()
    {
        // The Authorization value holds the signature; replaced piecemeal, its credential scope would be left behind.
        Assert.Equal("header was " + SignedSecrets.Placeholder + ".", Secrets.Redact("header was " + Authorization + "."));
    }

    [Fact]
    public void The_signature_alone_is_a_secret_as_it_follows_Signature_up_to_the_next_comma()
    {
        var secrets = new SignedSecrets("AWS4-HMAC-SHA256 Signature=" + Signature + ", Extra=1", sessionToken: null, secretKey: null);

        Assert.Equal("sig " + SignedSecrets.Placeholder + " bad", secrets.Redact("sig " + Signature + " bad"));
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

    [Fact]
    public void Eight_characters_are_a_secret_and_seven_are_not()
    {
        Assert.Equal("key " + SignedSecrets.Placeholder, new SignedSecrets(null, null, "abcdefgh").Redact("key abcdefgh"));
        Assert.Equal("key abcdefg", new SignedSecrets(null, null, "abcdefg").Redact("key abcdefg"));
    }
}
