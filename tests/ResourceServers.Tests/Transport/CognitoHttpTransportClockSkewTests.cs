using System.Globalization;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using ResourceServers.Tests.TestSupport;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Transport;

/// <summary>
/// The clock offset a skew error's <c>Date</c> sets: bounded to a day either way, never overflowing the signing time,
/// and back to zero once the service's <c>Date</c> agrees with the local clock again.
/// </summary>
public class CognitoHttpTransportClockSkewTests
{
    private static readonly DescribeResourceServerRequest Describe = new() { UserPoolId = "us-east-1_abc123", Identifier = "https://api.example.com" };

    private static readonly DateTimeOffset Now = TransportHarness.VectorTime;

    public static TheoryData<string> DatesPastTheBound => new()
    {
        "Fri, 31 Dec 9999 23:59:59 GMT",
        "Mon, 01 Jan 0001 00:00:00 GMT",
        Now.AddDays(1).AddMinutes(1).ToString("r", CultureInfo.InvariantCulture),
        Now.AddDays(-2).ToString("r", CultureInfo.InvariantCulture),
    };

    [Theory]
    [MemberData(nameof(DatesPastTheBound))]
    public async Task A_skew_error_dated_more_than_a_day_away_is_not_believed_and_the_client_still_sends(string date)
    {
        var answers = new Queue<HttpResponseMessage>([SkewError(date), Described(date: null)]);
        var handler = new RecordingHandler(_ => answers.Dequeue());
        var transport = TransportHarness.Create(handler);

        var error = await Assert.ThrowsAsync<CognitoServiceException>(() => transport.DescribeResourceServerAsync(Describe));
        await transport.DescribeResourceServerAsync(Describe);

        // The error stands after one send; the next call is signed on the local clock.
        Assert.Equal("InvalidSignatureException", error.ErrorCode);
        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal(AmzDate(Now), r.Header("X-Amz-Date")));
        Assert.Equal(TimeSpan.Zero, transport.ClockOffset);
    }

    [Fact]
    public async Task A_skew_error_dated_within_a_day_corrects_the_clock_and_the_repeat_is_signed_on_the_service_time()
    {
        var serverTime = Now.AddHours(23);
        var answers = new Queue<HttpResponseMessage>([SkewError(serverTime), Described(serverTime)]);
        var handler = new RecordingHandler(_ => answers.Dequeue());
        var transport = TransportHarness.Create(handler);

        await transport.DescribeResourceServerAsync(Describe);

        Assert.Equal([AmzDate(Now), AmzDate(serverTime)], handler.Requests.Select(r => r.Header("X-Amz-Date")));
        Assert.Equal(TimeSpan.FromHours(23), transport.ClockOffset);
    }

    [Fact]
    public async Task A_corrected_client_returns_to_its_own_clock_when_a_success_answer_agrees_with_it()
    {
        var ahead = Now.AddMinutes(20);
        var answers = new Queue<HttpResponseMessage>([SkewError(ahead), Described(ahead), Described(Now), Described(Now)]);
        var handler = new RecordingHandler(_ => answers.Dequeue());
        var transport = TransportHarness.Create(handler);

        await transport.DescribeResourceServerAsync(Describe);
        await transport.DescribeResourceServerAsync(Describe);
        await transport.DescribeResourceServerAsync(Describe);

        // Corrected, then an answer dated on the local clock: the next call is signed on it again.
        Assert.Equal([AmzDate(Now), AmzDate(ahead), AmzDate(ahead), AmzDate(Now)], handler.Requests.Select(r => r.Header("X-Amz-Date")));
        Assert.Equal(TimeSpan.Zero, transport.ClockOffset);
    }

    [Fact]
    public async Task A_corrected_client_refused_with_a_date_that_agrees_with_its_clock_signs_on_its_clock_again()
    {
        // A wrong correction (an answer a day ahead) is undone by the service's next refusal, dated on the local clock.
        var ahead = Now.AddDays(1);
        var answers = new Queue<HttpResponseMessage>([SkewError(ahead), Described(ahead), SkewError(Now), Described(Now)]);
        var handler = new RecordingHandler(_ => answers.Dequeue());
        var transport = TransportHarness.Create(handler);

        await transport.DescribeResourceServerAsync(Describe);
        await transport.DescribeResourceServerAsync(Describe);

        Assert.Equal([AmzDate(Now), AmzDate(ahead), AmzDate(ahead), AmzDate(Now)], handler.Requests.Select(r => r.Header("X-Amz-Date")));
        Assert.Equal(TimeSpan.Zero, transport.ClockOffset);
    }

    [Fact]
    public async Task An_offset_that_would_carry_the_signing_time_past_the_calendar_is_not_applied()
    {
        // A local clock near the end of the calendar, corrected two hours ahead, then run on: the sum would pass year
        // 9999, so the local time is signed, and the call is still sent.
        var endOfCalendar = new DateTimeOffset(9999, 12, 31, 22, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(endOfCalendar);
        var answers = new Queue<HttpResponseMessage>([SkewError(endOfCalendar.AddHours(1).AddMinutes(59)), Described(date: null), Described(date: null)]);
        var handler = new RecordingHandler(_ => answers.Dequeue());
        var transport = TransportHarness.Create(handler, time: time);
        await transport.DescribeResourceServerAsync(Describe);

        time.Advance(TimeSpan.FromMinutes(90));
        await transport.DescribeResourceServerAsync(Describe);

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(AmzDate(time.GetUtcNow()), handler.Requests[2].Header("X-Amz-Date"));
    }

    [Theory]
    [InlineData("InvalidSignatureException")]
    [InlineData("SignatureDoesNotMatch")]
    [InlineData("RequestExpired")]
    [InlineData("RequestTimeTooSkewed")]
    [InlineData("RequestInTheFuture")]
    [InlineData("AuthFailure")]
    [InlineData("InvalidSignature")]
    public async Task Every_code_the_AWS_SDKs_read_as_clock_skew_corrects_the_clock(string code)
    {
        var ahead = Now.AddMinutes(20);
        var answers = new Queue<HttpResponseMessage>([SkewError(ahead, code), Described(ahead)]);
        var handler = new RecordingHandler(_ => answers.Dequeue());
        var transport = TransportHarness.Create(handler);

        await transport.DescribeResourceServerAsync(Describe);

        Assert.Equal([AmzDate(Now), AmzDate(ahead)], handler.Requests.Select(r => r.Header("X-Amz-Date")));
    }

    [Theory]
    [InlineData("AccessDeniedException")]
    [InlineData("NotAuthorizedException")]
    [InlineData("UnrecognizedClientException")]
    public async Task Another_refusal_dated_far_from_the_local_clock_is_not_read_as_skew(string code)
    {
        var answers = new Queue<HttpResponseMessage>([SkewError(Now.AddHours(3), code)]);
        var handler = new RecordingHandler(_ => answers.Dequeue());
        var transport = TransportHarness.Create(handler);

        var error = await Assert.ThrowsAsync<CognitoServiceException>(() => transport.DescribeResourceServerAsync(Describe));

        Assert.Equal(code, error.ErrorCode);
        Assert.Single(handler.Requests);
        Assert.Equal(TimeSpan.Zero, transport.ClockOffset);
    }

    [Fact]
    public async Task A_refusal_dated_exactly_the_tolerance_away_is_not_skew()
    {
        var answers = new Queue<HttpResponseMessage>([SkewError(Now + CognitoHttpTransport.ClockSkewTolerance)]);
        var handler = new RecordingHandler(_ => answers.Dequeue());
        var transport = TransportHarness.Create(handler);

        await Assert.ThrowsAsync<CognitoServiceException>(() => transport.DescribeResourceServerAsync(Describe));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_corrected_client_refused_again_on_the_time_it_already_signs_with_does_not_repeat()
    {
        // The offset in force already matches the service's Date: another correction would change nothing, so the
        // refusal is the answer (a second send would be refused the same way).
        var ahead = Now.AddMinutes(20);
        var answers = new Queue<HttpResponseMessage>([SkewError(ahead), Described(ahead), SkewError(ahead)]);
        var handler = new RecordingHandler(_ => answers.Dequeue());
        var transport = TransportHarness.Create(handler);
        await transport.DescribeResourceServerAsync(Describe);

        var error = await Assert.ThrowsAsync<CognitoServiceException>(() => transport.DescribeResourceServerAsync(Describe));

        Assert.Equal("InvalidSignatureException", error.ErrorCode);
        Assert.Equal([AmzDate(Now), AmzDate(ahead), AmzDate(ahead)], handler.Requests.Select(r => r.Header("X-Amz-Date")));
        Assert.Equal(TimeSpan.FromMinutes(20), transport.ClockOffset);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public async Task A_corrected_client_refused_with_a_date_within_the_tolerance_of_its_clock_signs_on_its_own_clock_not_on_that_date(int minutesAhead)
    {
        // Within the tolerance the local clock is right: the offset goes back to zero, not to the few minutes the
        // service's Date happens to differ by.
        var ahead = Now.AddMinutes(20);
        var nearly = Now.AddMinutes(minutesAhead);
        var answers = new Queue<HttpResponseMessage>([SkewError(ahead), Described(ahead), SkewError(nearly), Described(nearly)]);
        var handler = new RecordingHandler(_ => answers.Dequeue());
        var transport = TransportHarness.Create(handler);

        await transport.DescribeResourceServerAsync(Describe);
        await transport.DescribeResourceServerAsync(Describe);

        Assert.Equal([AmzDate(Now), AmzDate(ahead), AmzDate(ahead), AmzDate(Now)], handler.Requests.Select(r => r.Header("X-Amz-Date")));
        Assert.Equal(TimeSpan.Zero, transport.ClockOffset);
    }

    [Fact]
    public async Task An_offset_that_carries_the_signing_time_exactly_to_the_first_instant_of_the_calendar_is_applied()
    {
        // The bound is inclusive: the calendar's first instant is a time the request can be signed at.
        var startOfCalendar = new DateTimeOffset(1, 1, 1, 1, 0, 0, TimeSpan.Zero);
        var answers = new Queue<HttpResponseMessage>([SkewError("Mon, 01 Jan 0001 00:00:00 GMT"), Described(date: null)]);
        var handler = new RecordingHandler(_ => answers.Dequeue());
        var transport = TransportHarness.Create(handler, time: new FakeTimeProvider(startOfCalendar));

        await transport.DescribeResourceServerAsync(Describe);

        Assert.Equal(["00010101T010000Z", "00010101T000000Z"], handler.Requests.Select(r => r.Header("X-Amz-Date")));
    }

    [Fact]
    public async Task An_offset_that_carries_the_signing_time_exactly_to_the_last_instant_of_the_calendar_is_applied()
    {
        // Corrected an hour ahead near the end of the calendar, then run on to one tick before that hour is up: the
        // sum is the calendar's last instant, still a time the request can be signed at.
        var endOfCalendar = new DateTimeOffset(9999, 12, 31, 22, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(endOfCalendar);
        var answers = new Queue<HttpResponseMessage>([SkewError(endOfCalendar.AddHours(1)), Described(date: null), Described(date: null)]);
        var handler = new RecordingHandler(_ => answers.Dequeue());
        var transport = TransportHarness.Create(handler, time: time);
        await transport.DescribeResourceServerAsync(Describe);

        time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromTicks(1));
        await transport.DescribeResourceServerAsync(Describe);

        Assert.Equal("99991231T235959Z", handler.Requests[2].Header("X-Amz-Date"));
    }

    private static HttpResponseMessage SkewError(DateTimeOffset date, string code) =>
        SkewError(date.ToString("r", CultureInfo.InvariantCulture), code);

    private static HttpResponseMessage SkewError(DateTimeOffset date) => SkewError(date.ToString("r", CultureInfo.InvariantCulture));

    private static HttpResponseMessage SkewError(string date, string code = "InvalidSignatureException")
    {
        var response = RecordingHandler.Json(HttpStatusCode.BadRequest, $$"""{"__type":"{{code}}","message":"Signature expired"}""");
        response.Headers.TryAddWithoutValidation("Date", date);
        return response;
    }

    private static HttpResponseMessage Described(DateTimeOffset? date)
    {
        var response = RecordingHandler.Json(HttpStatusCode.OK, """{"ResourceServer":{"UserPoolId":"us-east-1_abc123","Identifier":"https://api.example.com","Name":"my-api"}}""");
        response.Headers.Date = date;
        return response;
    }

    private static string AmzDate(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
}
