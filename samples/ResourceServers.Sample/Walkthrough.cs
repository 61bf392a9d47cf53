using ResourceServers;

/// <summary>
/// The main job: walks through what the library is for against one user pool, printing each step. It touches only
/// resource servers it creates (their identifiers carry a run id) and deletes them at the end, even when a step fails.
/// </summary>
/// <param name="client">The client, which refuses to remove scopes that app clients grant (the default).</param>
/// <param name="userPoolId">The pool.</param>
/// <param name="output">Where each step is printed.</param>
/// <param name="allowingClient">A client configured to remove granted scopes anyway (<see cref="GrantRevocation.Allow"/>).</param>
/// <param name="createAppClient">Creates an app client granting the scopes given and returns its id; null against a
/// pool of your own, where the walk creates no app client (the library reads app clients, never writes them).</param>
internal sealed class Walkthrough(
    IResourceServerClient client,
    string userPoolId,
    TextWriter output,
    IResourceServerClient allowingClient,
    Func<string, IReadOnlyList<string>, CancellationToken, Task<string>>? createAppClient)
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
            await ProtectGrantedScopesAsync(cancellationToken);
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
        var created = await TrackAsync(client.CreateAsync(orders, cancellationToken));
        Show(created);

        // What an app client lists in its allowed OAuth scopes and asks for in a token request.
        output.WriteLine($"   Scopes as clients request them: {string.Join(" ", created.ScopeIdentifiers)}");
    }

    private async Task ShowTheReplaceHazardAsync(CancellationToken cancellationToken)
    {
        Step("The hazard: a replace (UpdateResourceServer) that only means to rename (scratch server)");
        var scratch = await TrackAsync(client.CreateAsync(
            new ResourceServer(userPoolId, Id("scratch"), "scratch", [new ResourceServerScope("scratch.read", "Read"), new ResourceServerScope("scratch.write", "Write")]),
            cancellationToken));
        Show(scratch, "before");

        // What code does with a replace when it only wants a new name: it sends the name and no scopes, as a raw
        // UpdateResourceServer request that leaves Scopes out does...
        await client.UpdateAsync(new ResourceServer(userPoolId, scratch.Identifier, "scratch-renamed"), cancellationToken);
        var after = await client.GetAsync(userPoolId, scratch.Identifier, cancellationToken);
        Show(after, "after");
        // ...and the service resets what was not sent.
        Check(after.Scopes.Count == 0, "the replace should have reset the scopes");
        output.WriteLine($"   The rename deleted all {scratch.Scopes.Count} scopes: UpdateResourceServer replaces what it is not sent.");
    }

    private async Task PatchSafelyAsync(CancellationToken cancellationToken)
    {
        var identifier = Id("orders");

        Step("Safe update: rename only (PatchAsync reads, applies the change, writes the complete result)");
        var renamed = Report(await client.PatchAsync(userPoolId, identifier, ResourceServerPatch.Rename("orders-api"), cancellationToken));
        Check(renamed.Scopes.Count == 2, "the rename must keep both scopes");

        Step("Safe update: add a scope");
        var added = Report(await client.PatchAsync(userPoolId, identifier, ResourceServerPatch.AddOrUpdateScope("orders.admin", "Administer orders"), cancellationToken));
        Check(added.Scopes.Count == 3 && added.Name == "orders-api", "the addition must keep the name and the other scopes");

        Step("Safe update: the same addition again is a no-op and writes nothing");
        var again = await client.PatchAsync(userPoolId, identifier, ResourceServerPatch.AddOrUpdateScope("orders.admin", "Administer orders"), cancellationToken);
        Report(again);
        Check(!again.HasChanges, "a repeated patch must not write");

        Step("Safe update: remove one scope");
        var removed = Report(await client.PatchAsync(userPoolId, identifier, ResourceServerPatch.RemoveScope("orders.write"), cancellationToken));
        Check(removed.Scopes.Select(s => s.Name).SequenceEqual(["orders.read", "orders.admin"]), "only orders.write should be gone");
    }

    private async Task ProtectGrantedScopesAsync(CancellationToken cancellationToken)
    {
        Step("Scope grants: a scope an app client grants is protected from removal");
        if (createAppClient is null)
        {
            output.WriteLine("   Skipped against your own pool: the walk would have to create an app client, and it writes only resource servers.");
            return;
        }

        var identifier = Id("orders");
        var clientId = await createAppClient("orders-web", [$"{identifier}/orders.read", "openid"], cancellationToken);
        output.WriteLine($"   App client 'orders-web' ({clientId}) allows {identifier}/orders.read");

        // A plan names the app clients that a removal cuts off...
        var current = await client.GetAsync(userPoolId, identifier, cancellationToken);
        var plan = await client.PlanAsync(current.WithScopes(current.Scopes.Where(s => s.Name != "orders.read")), cancellationToken);
        output.WriteLine($"   Plan:    {plan}");
        Check(plan.RevokedGrants.SingleOrDefault()?.ClientId == clientId, "the plan should name the app client that grants orders.read");

        // ...and the write is refused by default, naming them, before anything is written.
        try
        {
            await client.PatchAsync(userPoolId, identifier, ResourceServerPatch.RemoveScope("orders.read"), cancellationToken);
            Check(false, "removing a granted scope should be refused");
        }
        catch (GrantedScopeRemovalException refused)
        {
            output.WriteLine($"   Refused: {refused.Message}");
        }

        Check((await client.GetAsync(userPoolId, identifier, cancellationToken)).Scopes.Any(s => s.Name == "orders.read"), "the refused patch must not have written");

        // On purpose: a client with GrantRevocation = Allow (or Warn, which also logs it) removes it and says whom it cut off.
        var allowed = await allowingClient.PatchAsync(userPoolId, identifier, ResourceServerPatch.RemoveScope("orders.read"), cancellationToken);
        output.WriteLine($"   Allowed: {allowed}");
        Check(allowed.RevokedGrants.Count == 1 && allowed.After!.Scopes.All(s => s.Name != "orders.read"), "the allowed patch should remove orders.read and name the app client");
    }

    private async Task EnsureDesiredStateAsync(CancellationToken cancellationToken)
    {
        Step("Desired state: find, plan, then ensure");
        var desired = new ResourceServer(userPoolId, Id("billing"), "billing", [new ResourceServerScope("billing.read", "Read invoices")]);

        // Absence is an answer here, not an error: FindAsync returns null where GetAsync would throw.
        var existing = await client.FindAsync(userPoolId, desired.Identifier, cancellationToken);
        output.WriteLine($"   Find:   {(existing is null ? "not there yet" : $"found '{existing.Name}'")}");
        Check(existing is null, "the billing server should not exist before the walk creates it");

        // Each ResourceServerChange prints as a sentence; Kind, Before, After and Diff are there for programs.
        var plan = await client.PlanAsync(desired, cancellationToken);
        output.WriteLine($"   Plan:   {plan}");
        Check(plan is { IsPlan: true, Kind: ResourceServerChangeKind.Created }, "the plan should be to create");
        var ensured = await TrackAsync(client.EnsureAsync(desired, cancellationToken), r => r.After ?? desired);
        output.WriteLine($"   Ensure: {ensured}");
        Check(ensured is { IsPlan: false, Kind: ResourceServerChangeKind.Created }, "the ensure should have created");

        var changed = desired.WithScopes([.. desired.Scopes, new ResourceServerScope("billing.write", "Issue invoices")]);
        output.WriteLine($"   Plan:   {await client.PlanAsync(changed, cancellationToken)}");
        var update = await client.EnsureAsync(changed, cancellationToken);
        output.WriteLine($"   Ensure: {update}");
        output.WriteLine($"   As data: Kind={update.Kind}, Diff.ScopesAdded=[{string.Join(", ", update.Diff.ScopesAdded.Select(s => s.Name))}], scopes {update.Before?.Scopes.Count} -> {update.After?.Scopes.Count}");
        Check(update.Kind == ResourceServerChangeKind.Updated && update.Diff.ScopesAdded.Count == 1, "the second ensure should add one scope");
        var repeated = await client.EnsureAsync(changed, cancellationToken);
        output.WriteLine($"   Ensure: {repeated}");
        Check(!repeated.HasChanges, "a repeated ensure must not write");
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
                // Not the walk's token: clean-up runs even when the walk was cancelled or failed. If-exists, because
                // after a failed step something may already be gone, and that is no error for a clean-up.
                var deleted = await client.DeleteIfExistsAsync(userPoolId, identifier, CancellationToken.None);
                output.WriteLine($"   {(deleted ? "deleted" : "already gone:")} {identifier}");
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

    /// <summary>Prints a change as the sentence it reads as, then the state after it; returns that state.</summary>
    private ResourceServer Report(ResourceServerChange change)
    {
        output.WriteLine($"   {change}");
        var after = change.After ?? throw new InvalidOperationException($"Unexpected result: a patch should leave a resource server, not '{change}'.");
        Show(after);
        return after;
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
