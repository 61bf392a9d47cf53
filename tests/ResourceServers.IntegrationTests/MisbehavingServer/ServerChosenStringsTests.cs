using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static ResourceServers.IntegrationTests.MisbehavingServer.MisbehavingCognito;

namespace ResourceServers.IntegrationTests.MisbehavingServer;

/// <summary>
/// Misbehaviour: error codes and messages the server makes up (hundreds of distinct codes, one 60,000 characters
/// long; CR/LF and terminal escapes), and rejected input that would flood telemetry (a 131 KB identifier with line
/// breaks). error.type is only ever a known code or "Unknown"; control characters are escaped and lengths capped
/// before anything reaches a log line, a span tag, a metric tag or an exception message.
/// </summary>
public sealed class ServerChosenStringsTests : IAsyncLifetime
{
    private MisbehavingCognito _server = null!;

    public async Task InitializeAsync() => _server = await StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Made_up_error_codes_are_one_metric_value_Unknown_however_many_the_server_invents()
    {
        var count = 0;
        _server.Answer = (c, _) =>
        {
            var n = Interlocked.Increment(ref count);
            return Error(c, HttpStatusCode.BadRequest, n == 1 ? new string('X', 60_000) : $"MadeUpException{n}", "no");
        };
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var errorTypes = new HashSet<string?>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == ResourceServerTelemetry.ErrorTypeTag)
                {
                    lock (errorTypes)
                    {
                        errorTypes.Add(tag.Value as string);
                    }
                }
            }
        }

        listener.SetMeasurementEventCallback<long>((_, _, tags, _) => Record(tags));
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) => Record(tags));
        listener.Start();
        var client = _server.Client(meterFactory: meters, configure: o => o.Resilience.Pacing.Enabled = false);

        for (var i = 0; i < 301; i++)
        {
            var error = await Assert.ThrowsAnyAsync<CognitoServiceException>(() => client.GetAsync(UserPoolId, Identifier));
            Assert.True(error.ErrorCode.Length < 200, $"an error code of {error.ErrorCode.Length} characters was kept");
        }

        Assert.Equal(301, _server.Count("DescribeResourceServer"));
        lock (errorTypes)
        {
            Assert.Equal([CognitoErrorCodes.Unknown], errorTypes);
        }
    }

    [Fact]
    public async Task Line_breaks_and_terminal_escapes_in_a_server_message_are_escaped_in_the_exception_and_the_log()
    {
        _server.Answer = (c, _) => Error(c, HttpStatusCode.InternalServerError, "InternalErrorException", "broke\r\n2026-01-01 FAKE: admin logged in \u001b[2J\u001b[31m");
        using var logs = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));

        var error = await AssertCognito.ThrowsAsync(CognitoErrorCodes.InternalError, () => _server.Client(loggerFactory: loggerFactory).GetAsync(UserPoolId, Identifier));

        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain('\u001b', error.Message);
        Assert.Contains("broke\\u000D\\u000A2026-01-01 FAKE", error.Message, StringComparison.Ordinal);
        var records = logs.Collector.GetSnapshot();
        Assert.NotEmpty(records);
        Assert.All(records, r => Assert.DoesNotContain('\u001b', r.Message + r.Exception));
        Assert.All(records, r => Assert.DoesNotContain("\r\n2026", r.Message + r.Exception, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_huge_rejected_identifier_is_capped_and_escaped_in_the_log_line_and_the_span()
    {
        var identifier = "https://flood.example.com/\r\nFAKE LOG LINE\r\n" + new string('a', 131_000);
        using var logs = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var spans = new List<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name == ResourceServerTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.GetTagItem(ResourceServerTelemetry.IdentifierTag) is string tagged && tagged.StartsWith("https://flood.example.com/", StringComparison.Ordinal))
                {
                    lock (spans)
                    {
                        spans.Add(a);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(activities);

        await Assert.ThrowsAsync<ResourceServerValidationException>(() => _server.Client(loggerFactory: loggerFactory).GetAsync(UserPoolId, identifier));

        Assert.Empty(_server.Requests);
        var line = Assert.Single(logs.Collector.GetSnapshot(), r => r.Id.Name != "ConnectionResolved").Message;
        Assert.InRange(line.Length, 1, 2_000);
        Assert.DoesNotContain('\n', line);
        Assert.Contains("https://flood.example.com/\\u000D\\u000AFAKE LOG LINE", line, StringComparison.Ordinal);
        var tag = (string)Assert.Single(spans).GetTagItem(ResourceServerTelemetry.IdentifierTag)!;
        Assert.InRange(tag.Length, 1, 2_000);
        Assert.DoesNotContain('\n', tag);
    }
}
