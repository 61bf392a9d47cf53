using ResourceServers.Testing;

namespace ResourceServers.IntegrationTests.MisbehavingServer;

/// <summary>
/// Misbehaviour (of the local clock, as seen from the service): the emulator's clock runs 20 minutes ahead, so a
/// request signed on this machine's time is refused as "Signature expired". As the AWS SDKs do, the transport takes
/// the clock offset from the answer's Date, signs again and sends once more; later calls are signed right the first time.
/// </summary>
public sealed class ClockSkewTests
{
    private static readonly TimeSpan Ahead = TimeSpan.FromMinutes(20);

    [Fact]
    public async Task A_signature_expired_answer_corrects_the_clock_from_the_date_header_and_retries_once()
    {
        await using var emulator = await CognitoEmulator.StartAsync(new CognitoEmulatorOptions { TimeProvider = new AheadOfSystemTime(Ahead) });
        var pool = await emulator.Cognito.CreateUserPoolAsync("skew");
        var requests = new Resilience.RequestRecorder(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var http = new HttpClient(requests);
        var client = new ResourceServerClient(
            new ResourceServerClientOptions { Region = emulator.Region, ServiceUrl = emulator.ServiceUrl, Credentials = emulator.Credentials, Resilience = { MaxAttempts = 1 } },
            httpClient: http);

        var created = await client.CreateAsync(new ResourceServer(pool.Id, "https://api.example.com", "orders"));

        // One refused send and its corrected repeat, within one attempt (the pipeline retries nothing: MaxAttempts = 1).
        Assert.Equal("orders", created.Name);
        Assert.Equal(2, requests.Count);
        var signedAt = requests.Sent.Select(r => DateTimeOffset.ParseExact(r.AmzDate!, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal)).ToArray();
        Assert.InRange(signedAt[1] - signedAt[0], Ahead - TimeSpan.FromMinutes(1), Ahead + TimeSpan.FromMinutes(1));

        requests.Clear();
        await client.GetAsync(pool.Id, "https://api.example.com");
        Assert.Equal(1, requests.Count);
    }

    [Fact]
    public async Task A_skew_error_whose_date_agrees_with_the_local_clock_is_not_repeated()
    {
        // A signature refused for another reason (a wrong secret) comes with a Date that agrees with the local clock:
        // nothing to correct, so the error stands after one send.
        await using var emulator = await CognitoEmulator.StartAsync();
        var pool = await emulator.Cognito.CreateUserPoolAsync("skew");
        var requests = new Resilience.RequestRecorder(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var http = new HttpClient(requests);
        var client = new ResourceServerClient(
            new ResourceServerClientOptions
            {
                Region = emulator.Region,
                ServiceUrl = emulator.ServiceUrl,
                Credentials = new Amazon.Runtime.BasicAWSCredentials(CognitoEmulatorOptions.DefaultAccessKeyId, "not-the-secret-at-all"),
                Resilience = { MaxAttempts = 1 },
            },
            httpClient: http);

        await Assert.ThrowsAnyAsync<CognitoServiceException>(() => client.GetAsync(pool.Id, "https://api.example.com"));

        Assert.Equal(1, requests.Count);
    }

    [Theory]
    [InlineData("Fri, 31 Dec 9999 23:59:59 GMT")]
    [InlineData("Mon, 01 Jan 0001 00:00:00 GMT")]
    public async Task A_skew_error_dated_at_the_end_of_the_calendar_cannot_stop_the_client_from_sending(string date)
    {
        // The attack of the last round: one such answer set an offset whose sum with the clock overflowed a second
        // later, and every later call of the client threw before sending. A Date more than a day away is not believed:
        // the refusal stands after one send, and the next call is signed on the local clock.
        await using var server = await MisbehavingCognito.StartAsync();
        var refused = 0;
        server.Answer = (c, _) =>
        {
            if (Interlocked.Increment(ref refused) == 1)
            {
                c.Response.Headers.Date = date;
                return MisbehavingCognito.Error(c, System.Net.HttpStatusCode.BadRequest, "InvalidSignatureException", "Signature expired");
            }

            return MisbehavingCognito.Json(c, System.Net.HttpStatusCode.OK, $$"""{"ResourceServer":{{MisbehavingCognito.Server()}}}""");
        };
        var client = server.Client();

        await AssertCognito.ThrowsAsync("InvalidSignatureException", () => client.GetAsync(MisbehavingCognito.UserPoolId, MisbehavingCognito.Identifier));
        var found = await client.GetAsync(MisbehavingCognito.UserPoolId, MisbehavingCognito.Identifier);

        Assert.Equal("orders", found.Name);
        Assert.Equal(2, server.Count("DescribeResourceServer"));
        var signedAt = DateTimeOffset.ParseExact(server.Requests[1].AmzDate, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
        Assert.InRange(signedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    private sealed class AheadOfSystemTime(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
    }
}
