using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ResourceServers.Testing;
using ResourceServers.Tests.DependencyInjection;
using ResourceServers.Tests.TestSupport;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Telemetry;

/// <summary>What an operator sees for a success, a retried throttle and a failure: logs, metrics and spans.</summary>
public sealed class ClientTelemetryTests : IAsyncLifetime
{
    private const string Identifier = "https://orders.example.com";
    private static readonly string[] LowCardinalityTags = [ResourceServerTelemetry.OperationTag, ResourceServerTelemetry.MethodTag, ResourceServerTelemetry.ErrorTypeTag];

    private readonly InMemoryCognito _cognito = new();
    private readonly TelemetryHarness _harness;
    private string _pool = string.Empty;

    public ClientTelemetryTests() => _harness = TelemetryHarness.OverInMemory(_cognito);

    public async Task InitializeAsync()
    {
        _pool = (await _cognito.CreateUserPoolAsync("telemetry")).Id;
        await _cognito.CreateResourceServerAsync(new CreateResourceServerRequest
        {
            UserPoolId = _pool,
            Identifier = Identifier,
            Name = "Orders",
            Scopes = [new ResourceServerScopeType { ScopeName = "read", ScopeDescription = "Read" }],
        });
        _cognito.Statistics.Reset();
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_successful_read_is_one_debug_event_one_duration_one_attempt_and_two_spans()
    {
        using (_harness.StartTrace())
        {
            await _harness.Client.GetAsync(_pool, Identifier);
        }

        var operation = Assert.Single(_harness.ClientLogs, r => r.Id.Name == "OperationSucceeded");
        Assert.Equal(LogLevel.Debug, operation.Level);
        Assert.Equal("Get", operation.GetStructuredStateValue("Operation"));
        Assert.Equal("Succeeded", operation.GetStructuredStateValue("Status"));
        Assert.Equal(_pool, operation.GetStructuredStateValue("UserPoolId"));
        Assert.Equal(Identifier, operation.GetStructuredStateValue("Identifier"));
        Assert.Equal("1", operation.GetStructuredStateValue("Attempts"));
        Assert.True(double.Parse(operation.GetStructuredStateValue("DurationMs")!, System.Globalization.CultureInfo.CurrentCulture) >= 0);
        Assert.DoesNotContain(_harness.ClientLogs, r => r.Level >= LogLevel.Warning);

        var duration = Assert.Single(_harness.OperationDuration.GetMeasurementSnapshot());
        Assert.Equal(new Dictionary<string, object?> { [ResourceServerTelemetry.OperationTag] = "Get" }, duration.Tags);
        var attempt = Assert.Single(_harness.Attempts.GetMeasurementSnapshot());
        Assert.Equal(new Dictionary<string, object?> { [ResourceServerTelemetry.MethodTag] = "DescribeResourceServer" }, attempt.Tags);
        Assert.Single(_harness.AttemptDuration.GetMeasurementSnapshot());
        Assert.Empty(_harness.Errors.GetMeasurementSnapshot());
        Assert.Empty(_harness.Retries.GetMeasurementSnapshot());
        Assert.Empty(_harness.Throttles.GetMeasurementSnapshot());

        var span = Assert.Single(_harness.Activities, a => a.OperationName == "ResourceServers.Get");
        Assert.Equal(_pool, span.GetTagItem(ResourceServerTelemetry.UserPoolIdTag));
        Assert.Equal(Identifier, span.GetTagItem(ResourceServerTelemetry.IdentifierTag));
        var request = Assert.Single(_harness.Activities, a => a.OperationName == "cognito-idp.DescribeResourceServer");
        Assert.Equal(span.SpanId, request.ParentSpanId);
        Assert.Equal(ActivityKind.Client, request.Kind);
        Assert.Equal(1, request.GetTagItem(ResourceServerTelemetry.AttemptTag));
        Assert.Equal("DescribeResourceServer", request.GetTagItem(ResourceServerTelemetry.MethodTag));
        Assert.Equal("aws-api", request.GetTagItem("rpc.system"));
        Assert.Equal("CognitoIdentityProvider", request.GetTagItem("rpc.service"));
        Assert.Equal(ActivityStatusCode.Unset, request.Status);
    }

    [Fact]
    public async Task A_successful_write_logs_at_information()
    {
        await _harness.Client.CreateAsync(new ResourceServer(_pool, "https://billing.example.com", "Billing"));

        var operation = Assert.Single(_harness.ClientLogs, r => r.Id.Name == "OperationSucceeded");
        Assert.Equal(LogLevel.Information, operation.Level);
        Assert.Equal("Create", operation.GetStructuredStateValue("Operation"));
    }

    [Fact]
    public async Task A_throttle_under_the_front_ends_name_is_counted_and_named_like_Cognitos_own()
    {
        _cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 1, FaultKind.FrontEndThrottling);

        await _harness.Client.GetAsync(_pool, Identifier);

        var throttle = Assert.Single(_harness.Throttles.GetMeasurementSnapshot());
        Assert.Equal("DescribeResourceServer", throttle.Tags[ResourceServerTelemetry.MethodTag]);
        var retry = Assert.Single(_harness.ClientLogs, r => r.Id.Name == "Retrying");
        Assert.Equal("ThrottlingException", retry.GetStructuredStateValue("ErrorType"));
        Assert.Single(_harness.ClientLogs, r => r.Id.Name == "RequestThrottled");
    }

    [Fact]
    public async Task A_retried_throttle_is_one_warning_line_without_a_stack_counts_a_throttle_and_a_retry_and_still_succeeds()
    {
        _cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 1, FaultKind.TooManyRequests);

        using (_harness.StartTrace())
        {
            await _harness.Client.PatchAsync(_pool, Identifier, ResourceServerPatch.AddOrUpdateScope("write", "Write"));
        }

        var throttled = Assert.Single(_harness.ClientLogs, r => r.Id.Name == "RequestThrottled");
        Assert.Equal(LogLevel.Debug, throttled.Level);
        Assert.Equal("DescribeResourceServer", throttled.GetStructuredStateValue("Method"));
        Assert.Equal("1", throttled.GetStructuredStateValue("Attempt"));
        var warning = Assert.Single(_harness.ClientLogs, r => r.Level >= LogLevel.Warning);
        Assert.Equal("Retrying", warning.Id.Name);
        Assert.Null(warning.Exception);
        Assert.Equal("Patch", warning.GetStructuredStateValue("Operation"));
        Assert.Equal("2", warning.GetStructuredStateValue("Attempt"));
        Assert.Equal(CognitoErrorCodes.TooManyRequests, warning.GetStructuredStateValue("ErrorType"));
        Assert.True(double.Parse(warning.GetStructuredStateValue("DelayMs")!, System.Globalization.CultureInfo.CurrentCulture) >= 0);
        var operation = Assert.Single(_harness.ClientLogs, r => r.Id.Name is "OperationSucceeded" or "OperationFailed");
        Assert.Equal("OperationSucceeded", operation.Id.Name);
        Assert.Equal(LogLevel.Information, operation.Level);
        Assert.Equal("Patch", operation.GetStructuredStateValue("Operation"));
        Assert.Equal("2", operation.GetStructuredStateValue("Attempts"));

        var throttle = Assert.Single(_harness.Throttles.GetMeasurementSnapshot());
        Assert.Equal("DescribeResourceServer", throttle.Tags[ResourceServerTelemetry.MethodTag]);
        var retry = Assert.Single(_harness.Retries.GetMeasurementSnapshot());
        Assert.Equal("Patch", retry.Tags[ResourceServerTelemetry.OperationTag]);
        Assert.Empty(_harness.Errors.GetMeasurementSnapshot());
        var attempts = _harness.Attempts.GetMeasurementSnapshot()
            .Select(m => $"{m.Tags[ResourceServerTelemetry.MethodTag]}:{(m.Tags.TryGetValue(ResourceServerTelemetry.ErrorTypeTag, out var e) ? e : "ok")}")
            .ToList();
        Assert.Equal(["DescribeResourceServer:TooManyRequestsException", "DescribeResourceServer:ok", "UpdateResourceServer:ok"], attempts);

        var span = Assert.Single(_harness.Activities, a => a.OperationName == "ResourceServers.Patch");
        Assert.Equal(2, span.GetTagItem(ResourceServerTelemetry.AttemptTag));
        var requests = _harness.Activities
            .Where(a => a.ParentSpanId == span.SpanId)
            .OrderBy(a => a.StartTimeUtc)
            .Select(a => (a.OperationName, a.GetTagItem(ResourceServerTelemetry.AttemptTag), a.Status))
            .ToList();
        Assert.Equal(
            [
                ("cognito-idp.DescribeResourceServer", (object?)1, ActivityStatusCode.Error),
                ("cognito-idp.DescribeResourceServer", 2, ActivityStatusCode.Unset),
                ("cognito-idp.UpdateResourceServer", 2, ActivityStatusCode.Unset),
            ],
            requests);
    }

    [Fact]
    public async Task A_callers_error_is_one_warning_and_one_error_count_by_code()
    {
        using (_harness.StartTrace())
        {
            await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => _harness.Client.GetAsync(_pool, "https://missing.example.com"));
        }

        var operation = Assert.Single(_harness.ClientLogs, r => r.Id.Name is "OperationSucceeded" or "OperationFailed");
        Assert.Equal("OperationFailed", operation.Id.Name);
        Assert.Equal(LogLevel.Warning, operation.Level);
        Assert.Equal("Failed", operation.GetStructuredStateValue("Status"));
        Assert.Equal("ResourceNotFoundException", operation.GetStructuredStateValue("ErrorType"));
        Assert.Equal("https://missing.example.com", operation.GetStructuredStateValue("Identifier"));
        Assert.Null(operation.Exception);

        var error = Assert.Single(_harness.Errors.GetMeasurementSnapshot());
        Assert.Equal(
            new Dictionary<string, object?> { [ResourceServerTelemetry.OperationTag] = "Get", [ResourceServerTelemetry.ErrorTypeTag] = "ResourceNotFoundException" },
            error.Tags);
        Assert.Equal("ResourceNotFoundException", Assert.Single(_harness.OperationDuration.GetMeasurementSnapshot()).Tags[ResourceServerTelemetry.ErrorTypeTag]);
        Assert.Empty(_harness.Retries.GetMeasurementSnapshot());

        var span = Assert.Single(_harness.Activities, a => a.OperationName == "ResourceServers.Get");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("ResourceNotFoundException", span.GetTagItem(ResourceServerTelemetry.ErrorTypeTag));
    }

    [Fact]
    public async Task A_service_failure_that_outlasts_the_retries_is_an_error_with_the_exception()
    {
        _cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 3, FaultKind.InternalError);

        await AssertCognito.ThrowsAsync(CognitoErrorCodes.InternalError, () => _harness.Client.GetAsync(_pool, Identifier));

        var operation = Assert.Single(_harness.ClientLogs, r => r.Id.Name == "OperationFailed");
        Assert.Equal(LogLevel.Error, operation.Level);
        Assert.Equal("InternalErrorException", operation.GetStructuredStateValue("ErrorType"));
        Assert.Equal("3", operation.GetStructuredStateValue("Attempts"));
        AssertCognito.IsError(CognitoErrorCodes.InternalError, operation.Exception);
        Assert.Equal(3, _harness.ClientLogs.Count(r => r.Id.Name == "RequestFailed"));

        Assert.Equal(2, _harness.Retries.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal("InternalErrorException", Assert.Single(_harness.Errors.GetMeasurementSnapshot()).Tags[ResourceServerTelemetry.ErrorTypeTag]);
        Assert.Equal(3, _harness.Attempts.GetMeasurementSnapshot().Count(m => Equals(m.Tags[ResourceServerTelemetry.ErrorTypeTag], "InternalErrorException")));
    }

    [Fact]
    public async Task Each_page_of_a_listing_is_one_operation()
    {
        for (var i = 0; i < 3; i++)
        {
            await _cognito.CreateResourceServerAsync(new CreateResourceServerRequest { UserPoolId = _pool, Identifier = $"api-{i}", Name = "API" });
        }

        using (_harness.StartTrace())
        {
            await foreach (var _ in _harness.Client.ListAsync(_pool, pageSize: 2))
            {
            }
        }

        Assert.Equal(2, _harness.Activities.Count(a => a.OperationName == "ResourceServers.List"));
        var pages = _harness.ClientLogs.Where(r => r.Id.Name == "OperationSucceeded" && r.GetStructuredStateValue("Operation") == "List").ToList();
        Assert.Equal(2, pages.Count);
        Assert.All(pages, r => Assert.Equal(LogLevel.Debug, r.Level));
        Assert.All(_harness.OperationDuration.GetMeasurementSnapshot(), m => Assert.Equal("List", m.Tags[ResourceServerTelemetry.OperationTag]));
    }

    [Fact]
    public async Task Metrics_carry_only_low_cardinality_tags()
    {
        _cognito.Faults.FailNext(CognitoOperation.DescribeResourceServer, 1, FaultKind.TooManyRequests);
        await _harness.Client.PatchAsync(_pool, Identifier, ResourceServerPatch.AddOrUpdateScope("write", "Write"));
        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => _harness.Client.GetAsync(_pool, "https://missing.example.com"));

        var tags = _harness.Counters.SelectMany(c => c.GetMeasurementSnapshot().SelectMany(m => m.Tags))
            .Concat(_harness.Histograms.SelectMany(c => c.GetMeasurementSnapshot().SelectMany(m => m.Tags)))
            .ToList();

        Assert.NotEmpty(tags);
        Assert.All(tags, t => Assert.Contains(t.Key, LowCardinalityTags));
        Assert.DoesNotContain(tags, t => Equals(t.Value, _pool) || (t.Value as string)?.Contains("example.com", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task The_aws_request_id_reaches_the_log_event_and_the_request_span()
    {
        var handler = new RecordingHandler(request => request.Header("X-Amz-Target")!.EndsWith("DescribeResourceServer", StringComparison.Ordinal) && request.BodyText.Contains("missing", StringComparison.Ordinal)
            ? RecordingHandler.Json(HttpStatusCode.BadRequest, """{"__type":"ResourceNotFoundException","message":"No such resource server"}""", requestId: "req-failed-2")
            : RecordingHandler.Json(HttpStatusCode.OK, DiHarness.DescribeBody(), requestId: "req-ok-1"));
        await using var harness = TelemetryHarness.Over(b => b
            .Configure(o =>
            {
                o.Region = "us-east-1";
                o.Credentials = DiHarness.Credentials;
            })
            .WithHandler(handler));

        using (harness.StartTrace())
        {
            await harness.Client.GetAsync(DiHarness.Pool, DiHarness.Identifier);
            await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => harness.Client.GetAsync(DiHarness.Pool, "missing"));
        }

        var events = harness.ClientLogs.Where(r => r.Id.Name is "OperationSucceeded" or "OperationFailed").Select(r => r.GetStructuredStateValue("RequestId")).ToList();
        Assert.Equal(["req-ok-1", "req-failed-2"], events);
        var spans = harness.Activities.Where(a => a.OperationName == "cognito-idp.DescribeResourceServer").OrderBy(a => a.StartTimeUtc).Select(a => a.GetTagItem(ResourceServerTelemetry.RequestIdTag)).ToList();
        Assert.Equal(["req-ok-1", "req-failed-2"], spans);
    }
}
