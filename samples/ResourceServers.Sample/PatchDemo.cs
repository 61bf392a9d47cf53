using ResourceServers;
using ResourceServers.Models;

/// <summary>
/// The main job's safe-update part: shows that scopes survive a rename and a scope addition made with the patch API,
/// where a plain UpdateResourceServer call would have reset them. Run it over any client (the embedded emulator by default).
/// </summary>
internal static class PatchDemo
{
    public static async Task RunAsync(IResourceServerClient client, string userPoolId, TextWriter output, CancellationToken cancellationToken = default)
    {
        const string identifier = "https://orders.example.com";
        var desired = new ResourceServer(userPoolId, identifier, "orders",
        [
            new ResourceServerScope("orders.read", "Read orders"),
            new ResourceServerScope("orders.write", "Create and change orders"),
        ]);

        output.WriteLine($"Plan:   {await client.PlanAsync(desired, cancellationToken)}");
        output.WriteLine($"Ensure: {await client.EnsureAsync(desired, cancellationToken)}");

        // A rename names only the name; the two scopes are read back and written with it.
        var renamed = await client.PatchAsync(userPoolId, identifier, ResourceServerPatch.Rename("orders-api"), cancellationToken);
        output.WriteLine($"Patch:  {renamed}");
        Show(output, renamed.After);

        // Adding a scope names only that scope; the others stay.
        var added = await client.PatchAsync(userPoolId, identifier, ResourceServerPatch.AddScope("orders.admin", "Administer orders"), cancellationToken);
        output.WriteLine($"Patch:  {added}");
        Show(output, added.After);

        // The same patch again finds nothing to change and writes nothing.
        var again = await client.PatchAsync(userPoolId, identifier, ResourceServerPatch.AddScope("orders.admin", "Administer orders"), cancellationToken);
        output.WriteLine($"Again:  {again.Outcome} (no write)");

        var final = await client.GetAsync(userPoolId, identifier, cancellationToken);
        var kept = desired.Scopes.All(s => final.Scopes.Contains(s));
        if (!kept || final.Name != "orders-api" || final.Scopes.Count != 3)
        {
            throw new InvalidOperationException($"Scopes were lost: {ResourceServerDiff.Between(desired, final)}");
        }

        output.WriteLine($"Both original scopes survived the rename and the addition; {final.Scopes.Count} scopes now.");
    }

    private static void Show(TextWriter output, ResourceServer server)
    {
        output.WriteLine($"        '{server.Name}': {string.Join(", ", server.Scopes.Select(s => s.Name))}");
    }
}
