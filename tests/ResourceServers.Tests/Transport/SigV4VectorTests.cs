using System.Text;
using System.Text.RegularExpressions;
using ResourceServers.Tests.TestSupport;

namespace ResourceServers.Tests.Transport;

/// <summary>
/// Proves the test-side SigV4 (used to check the transport's signatures) against the botocore vector in
/// tests/TestData/cognito/sigv4-vector.txt, byte for byte.
/// </summary>
public partial class SigV4VectorTests
{
    [Fact]
    public void Independent_signer_reproduces_the_botocore_vector_byte_for_byte()
    {
        var vector = SigV4Vector.Load();

        var computed = IndependentSigV4.Compute(
            "POST",
            vector.Url,
            [
                KeyValuePair.Create("Content-Type", "application/x-amz-json-1.1"),
                KeyValuePair.Create("Host", vector.Url.Host),
                KeyValuePair.Create("X-Amz-Date", vector.AmzDate),
                KeyValuePair.Create("X-Amz-Target", "AWSCognitoIdentityProviderService.UpdateResourceServer"),
            ],
            Encoding.UTF8.GetBytes(vector.Body),
            vector.AmzDate,
            vector.Region,
            vector.Service,
            vector.SecretKey);

        Assert.Equal(vector.CanonicalRequest, computed.CanonicalRequest);
        Assert.Equal(vector.StringToSign, computed.StringToSign);
        Assert.Equal(
            vector.Authorization,
            $"{IndependentSigV4.Algorithm} Credential={vector.AccessKey}/{vector.AmzDate[..8]}/{vector.Region}/{vector.Service}/aws4_request, SignedHeaders={computed.SignedHeaders}, Signature={computed.Signature}");
    }

    [Fact]
    public void Independent_signer_detects_a_one_byte_change_in_the_body()
    {
        var vector = SigV4Vector.Load();
        var headers = new[]
        {
            KeyValuePair.Create("content-type", "application/x-amz-json-1.1"),
            KeyValuePair.Create("host", vector.Url.Host),
            KeyValuePair.Create("x-amz-date", vector.AmzDate),
            KeyValuePair.Create("x-amz-target", "AWSCognitoIdentityProviderService.UpdateResourceServer"),
        };

        var original = IndependentSigV4.Compute("POST", vector.Url, headers, Encoding.UTF8.GetBytes(vector.Body), vector.AmzDate, vector.Region, vector.Service, vector.SecretKey);
        var changed = IndependentSigV4.Compute("POST", vector.Url, headers, Encoding.UTF8.GetBytes(vector.Body.Replace("Read", "Reed", StringComparison.Ordinal)), vector.AmzDate, vector.Region, vector.Service, vector.SecretKey);

        Assert.NotEqual(original.Signature, changed.Signature);
    }

    /// <summary>The vector file, parsed (line endings normalized to \n as SigV4 uses).</summary>
    internal sealed partial record SigV4Vector(
        string AccessKey, string SecretKey, string Region, string Service, Uri Url, string Body,
        string CanonicalRequest, string StringToSign, string AmzDate, string Authorization)
    {
        public static SigV4Vector Load()
        {
            var text = TestData.ReadCognito("sigv4-vector.txt").Replace("\r\n", "\n", StringComparison.Ordinal);
            return new SigV4Vector(
                Line(text, "Access key"),
                Line(text, "Secret key"),
                Match(text, @"^Region: (\S+)"),
                Match(text, @"Service: (\S+)"),
                new Uri(Line(text, "URL")),
                Line(text, "BODY"),
                Section(text, "CANONICAL REQUEST:", "STRING TO SIGN:"),
                Section(text, "STRING TO SIGN:", "X-Amz-Date:"),
                Line(text, "X-Amz-Date"),
                Line(text, "Authorization"));
        }

        private static string Line(string text, string key) => Match(text, $@"^{Regex.Escape(key)}: (.+)$");

        private static string Match(string text, string pattern)
        {
            var match = Regex.Match(text, pattern, RegexOptions.Multiline);
            Assert.True(match.Success, $"sigv4-vector.txt has no line matching {pattern}");
            return match.Groups[1].Value.TrimEnd();
        }

        private static string Section(string text, string start, string end)
        {
            var from = text.IndexOf(start + "\n", StringComparison.Ordinal);
            var to = text.IndexOf("\n" + end, from, StringComparison.Ordinal);
            Assert.True(from >= 0 && to > from, $"sigv4-vector.txt has no section between '{start}' and '{end}'");
            return text[(from + start.Length + 1)..to];
        }
    }
}
