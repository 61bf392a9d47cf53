using System.Text;
using ResourceServers.Testing;
using ResourceServers.Tests.Telemetry;

namespace ResourceServers.Tests.Grants;

/// <summary>
/// DescribeUserPoolClient answers with the app client's secret; the transport drops it. Checked by value, over real
/// signed HTTP to the emulator (which sends the secret as the service does): no log record at Trace and up, no span
/// tag, no exception and no model's <c>ToString()</c> holds it.
/// </summary>
public sealed class AppClientSecretTests : IAsyncLifetime
{
    private const string Identifier = "https://orders.example.com";

    private CognitoEmulator? _emulator;

    public async Task InitializeAsync() => _emulator = await CognitoEmulator.StartAsync();

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_secret_of_a_described_app_client_appears_in_no_log_span_exception_or_model()
    {
        var emulator = _emulator!;
        var pool = (await emulator.Cognito.CreateUserPoolAsync("secrets")).Id;
        await emulator.Cognito.CreateClient().CreateAsync(new ResourceServer(pool, Identifier, "Orders", [new("read", "Read"), new("write", "Write")]));
        var app = await emulator.Cognito.CreateUserPoolClientAsync(pool, "confidential-web", [$"{Identifier}/read"], generateSecret: true);
        var secret = app.ClientSecret!;
        Assert.True(secret.Length >= 24);
        await using var harness = TelemetryHarness.Over(b => b.UseCognitoEmulator(emulator));

        var text = new StringBuilder();
        using (harness.StartTrace())
        {
            var refused = await Assert.ThrowsAsync<GrantedScopeRemovalException>(() => harness.Client.PatchAsync(pool, Identifier, ResourceServerPatch.RemoveScope("read")));
            text.AppendLine(refused.ToString());
            var plan = await harness.Client.PlanAsync(new ResourceServer(pool, Identifier, "Orders", [new("write", "Write")]));
            text.AppendLine(plan.ToString()).AppendLine(string.Join(";", plan.RevokedGrants));
            Assert.Equal(app.ClientId, Assert.Single(plan.RevokedGrants).ClientId);
        }

        foreach (var record in harness.Logs.GetSnapshot())
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

        var all = text.ToString();

        // The collection is real: it holds the describe of that client and its name.
        Assert.Contains("DescribeUserPoolClient", all, StringComparison.Ordinal);
        Assert.Contains("confidential-web", all, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, app.ToString(), StringComparison.Ordinal);
    }
}
