using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging.Testing;
using ResourceServers.Testing;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Telemetry;

/// <summary>
/// Nothing the client (or the HttpClient under it) reports may carry a secret: every log record at Trace and up,
/// every tag of every span in the trace, every metric tag, over real signed HTTP with session credentials.
/// </summary>
public sealed class TelemetrySecretsTests : IAsyncLifetime
{
    private const string AccessKeyId = "AKIDTELEMETRYSECRETS";
    private const string SecretAccessKey = "tElEmEtRy/SeCrEt/AcCeSs/KeY/0123456789ab";
    private const string SessionToken = "FwoGZXIvYXdzEBsaDTelemetrySessionTokenMustNeverLeak==";
    private const string Identifier = "https://orders.example.com";

    private CognitoEmulator? _emulator;

    public async Task InitializeAsync() =>
        _emulator = await CognitoEmulator.StartAsync(new CognitoEmulatorOptions { AccessKeyId = AccessKeyId, SecretAccessKey = SecretAccessKey, SessionToken = SessionToken });

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    [Fact]
    public async Task No_credential_token_or_signature_appears_in_logs_spans_or_metrics()
    {
        var emulator = _emulator!;
        var pool = (await emulator.Cognito.CreateUserPoolAsync("secrets")).Id;
        await using var harness = TelemetryHarness.Over(b => b.UseCognitoEmulator(emulator));

        using (harness.StartTrace())
        {
            await harness.Client.CreateAsync(new ResourceServer(pool, Identifier, "Orders", [new ResourceServerScope("read", "Read")]));
            emulator.Cognito.Faults.FailNext(CognitoOperation.UpdateResourceServer, 1, FaultKind.TooManyRequests);
            await harness.Client.PatchAsync(pool, Identifier, ResourceServerPatch.AddOrUpdateScope("write", "Write"));
            await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => harness.Client.GetAsync(pool, "https://missing.example.com"));
        }

        var records = harness.Logs.GetSnapshot();
        var text = new StringBuilder();
        foreach (var record in records)
        {
            text.AppendLine(record.Message).AppendLine(record.Exception?.ToString());
            foreach (var (key, value) in record.StructuredState ?? [])
            {
                text.Append(key).Append('=').AppendLine(value);
            }
        }

        foreach (var activity in harness.Activities)
        {
            text.AppendLine(activity.OperationName).AppendLine(activity.DisplayName).AppendLine(activity.StatusDescription);
            foreach (var (key, value) in activity.TagObjects)
            {
                text.Append(key).Append('=').AppendLine(value?.ToString());
            }
        }

        foreach (var tags in harness.Counters.SelectMany(c => c.GetMeasurementSnapshot()).Select(m => m.Tags)
            .Concat(harness.Histograms.SelectMany(c => c.GetMeasurementSnapshot()).Select(m => m.Tags)))
        {
            foreach (var (key, value) in tags)
            {
                text.Append(key).Append('=').AppendLine(value?.ToString());
            }
        }

        var all = text.ToString();

        // The collection is real: it holds the operations, the throttle, the failure, and HttpClient's own spans.
        Assert.Contains(pool, all, StringComparison.Ordinal);
        Assert.Contains("TooManyRequestsException", all, StringComparison.Ordinal);
        Assert.Contains("ResourceNotFoundException", all, StringComparison.Ordinal);
        Assert.Contains(harness.Activities, a => a.Kind == ActivityKind.Client && a.Source.Name != ResourceServerTelemetry.ActivitySourceName);

        // Regression: IHttpClientFactory's default loggers put raw header values (the session token, the signature)
        // into structured state even when the message text is redacted, so the registration removes them.
        Assert.DoesNotContain(records, r => r.Category?.StartsWith("System.Net.Http.HttpClient.ResourceServers", StringComparison.Ordinal) == true);

        Assert.DoesNotContain(SecretAccessKey, all, StringComparison.Ordinal);
        Assert.DoesNotContain(SessionToken, all, StringComparison.Ordinal);
        Assert.DoesNotContain(AccessKeyId, all, StringComparison.Ordinal);
        Assert.DoesNotContain("AWS4-HMAC-SHA256", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Signature=", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Credential=", all, StringComparison.Ordinal);
    }
}
