using ResourceServers;
using ResourceServers.Wire;

/// <summary>
/// The main job: walks through what the library is for against one user pool, printing each step. It touches only
/// resource servers it creates (their identifiers carry a run id) and deletes them at the end, even when a step fails.
/// </summary>
internal sealed class Walkthrough(IResourceServerClient client, ICognitoResourceServerApi rawApi, string userPoolId, TextWriter output)
{
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> _created = [];
    private int _step;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CreateAsync(cancellationToken);
            await ShowTheReplaceHazardAsync(cancellationToken);
            await PatchSafelyAsync(cancellationToken);
            await EnsureDesiredStateAsync(cancellationToken);
            await ListWithPagingAsync(cancellationToken);
        }
        finally
        {
            await CleanUpAsync();
        }
    }

    private string Id(string name) => $"https://{name}-{_runId}.example.com";

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        Step("Create a resource server with two scopes");
        var orders = new ResourceServer(userPoolId, Id("orders"), "orders",
        [
            new ResourceServerScope("orders.read", "Read orders"),
            new ResourceServerScope("orders.write", "Create and change orders"),
        ]);
        Show(await TrackAsync(client.CreateAsync(orders, cancellationToken)));
    }

    private async Task ShowTheReplaceHazardAsync(CancellationToken cancellationToken)
    {
        Step("The hazard: a raw UpdateResourceServer that only means to rename (scratch server)");
        var scratch = await TrackAsync(client.CreateAsync(
            new ResourceServer(userPoolId, Id("scratch"), "scratch", [new ResourceServerScope("scratch.read", "Read"), new ResourceServerScope("scratch.write", "Write")]),
            cancellationToken));
        Show(scratch, "before");

        // What code on the raw API does when it only wants a new name: Scopes is left out of the request...
        await rawApi.UpdateResourceServerAsync(new UpdateResourceServerRequest { UserPoolId = userPoolId, Identifier = scratch.Identifier, Name = "scratch-renamed" }, cancellationToken);
        var after = await client.GetAsync(userPoolId, scratch.Identifier, cancellationToken);
        Show(after, "after");
        // ...and the service resets what was not sent.
        Check(after.Scopes.Count == 0, "the raw replace should have reset the scopes");
        output.WriteLine($"   The rename deleted all {scratch.Scopes.Count} scopes: UpdateResourceServer replaces what it is not sent.");
    }

    private async Task PatchSafelyAsync(CancellationToken cancellationToken)
    {
        var identifier = Id("orders");

        Step("Safe update: rename only (PatchAsync reads, applies the change, writes the complete result)");
        var renamed = await client.PatchAsync(userPoolId, identifier, ResourceServerPatch.Rename("orders-api"), cancellationToken);
        Report(renamed);
        Check(renamed.After.Scopes.Count == 2, "the rename must keep both scopes");

        Step("Safe update: add a scope");
        var added = await client.PatchAsync(userPoolId, identifier, ResourceServerPatch.AddOrUpdateScope("orders.admin", "Administer orders"), cancellationToken);
        Report(added);
        Check(added.After.Scopes.Count == 3 && added.After.Name == "orders-api", "the addition must keep the name and the other scopes");

        Step("Safe update: the same addition again is a no-op and writes nothing");
        var again = await client.PatchAsync(userPoolId, identifier, ResourceServerPatch.AddOrUpdateScope("orders.admin", "Administer orders"), cancellationToken);
        Report(again);
        Check(again.Kind == ResourceServerChangeKind.Unchanged, "a repeated patch must not write");

        Step("Safe update: remove one scope");
        var removed = await client.PatchAsync(userPoolId, identifier, ResourceServerPatch.RemoveScope("orders.write"), cancellationToken);
        Report(removed);
        Check(removed.After.Scopes.Select(s => s.Name).SequenceEqual(["orders.read", "orders.admin"]), "only orders.write should be gone");
    }

    private async Task EnsureDesiredStateAsync(CancellationToken cancellationToken)
    {
        Step("Desired state: plan, then ensure");
        var desired = new ResourceServer(userPoolId, Id("billing"), "billing", [new ResourceServerScope("billing.read", "Read invoices")]);
        output.WriteLine($"   Plan:   {await client.PlanAsync(desired, cancellationToken)}");
        var ensured = await TrackAsync(client.EnsureAsync(desired, cancellationToken), r => r.After ?? desired);
        output.WriteLine($"   Ensure: {ensured}");
        var changed = desired.WithScopes([.. desired.Scopes, new ResourceServerScope("billing.write", "Issue invoices")]);
        output.WriteLine($"   Plan:   {await client.PlanAsync(changed, cancellationToken)}");
        output.WriteLine($"   Ensure: {await client.EnsureAsync(changed, cancellationToken)}");
        output.WriteLine($"   Ensure: {await client.EnsureAsync(changed, cancellationToken)}");
    }

    private async Task ListWithPagingAsync(CancellationToken cancellationToken)
    {
        Step("List the pool's resource servers, one per page (each page is one request)");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var server in client.ListAsync(userPoolId, pageSize: 1, cancellationToken))
        {
            seen.Add(server.Identifier);
            Show(server, $"page {seen.Count}");
        }

        Check(_created.All(seen.Contains), "the listing should include every resource server the walk created");
    }

    private async Task CleanUpAsync()
    {
        Step("Delete what the walk created");
        foreach (var identifier in _created)
        {
            try
            {
                // Not the walk's token: clean-up runs even when the walk was cancelled or failed.
                await client.DeleteAsync(userPoolId, identifier, CancellationToken.None);
                output.WriteLine($"   deleted {identifier}");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                output.WriteLine($"   could not delete {identifier}: {e.Message}");
            }
        }
    }

    private async Task<ResourceServer> TrackAsync(Task<ResourceServer> creating) => await TrackAsync(creating, static s => s);

    private async Task<T> TrackAsync<T>(Task<T> creating, Func<T, ResourceServer> server)
    {
        var result = await creating;
        _created.Add(server(result).Identifier);
        return result;
    }

    private void Step(string title) => output.WriteLine($"{Environment.NewLine}{++_step}. {title}");

    private void Report(ResourceServerChange result)
    {
        output.WriteLine($"   {result.Kind}: {result.Diff}");
        Show(result.After);
    }

    private void Show(ResourceServer server, string? label = null)
    {
        var scopes = server.Scopes.Count == 0 ? "(no scopes)" : string.Join(", ", server.Scopes.Select(s => s.Name));
        output.WriteLine($"   {(label is null ? string.Empty : label + ": ")}{server.Identifier} '{server.Name}' {scopes}");
    }

    private static void Check(bool condition, string expectation)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Unexpected result: {expectation}.");
        }
    }
}
