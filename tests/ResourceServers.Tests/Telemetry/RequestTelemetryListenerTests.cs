using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using ResourceServers.Testing;

namespace ResourceServers.Tests.Telemetry;

/// <summary>
/// Per-request telemetry is skipped while nothing takes it, and the check is made per request: a listener that comes
/// after the client was built (as OpenTelemetry's may) still gets every request from then on.
/// </summary>
public class RequestTelemetryListenerTests
{
    [Fact]
    public async Task A_meter_listener_attached_after_the_client_was_built_sees_the_requests_that_follow()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var cognito = new InMemoryCognito();
        var pool = await cognito.CreateUserPoolAsync("telemetry");
        var client = TestClients.Over(cognito, meterFactory: meters);
        await client.CreateAsync(new ResourceServer(pool.Id, "https://api.example.com", "api"));

        using var attempts = new MetricCollector<long>(meters, ResourceServerTelemetry.MeterName, ResourceServerTelemetry.AttemptsInstrument);
        await client.GetAsync(pool.Id, "https://api.example.com");
        await client.GetAsync(pool.Id, "https://api.example.com");

        var measurements = attempts.GetMeasurementSnapshot();
        Assert.Equal(2, measurements.Count);
        Assert.All(measurements, m => Assert.Equal("DescribeResourceServer", m.Tags[ResourceServerTelemetry.MethodTag]));
    }
}
