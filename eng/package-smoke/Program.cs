// Package smoke test: what a new user writes first, against the in-process test kit.
using ResourceServers;
using ResourceServers.Testing;

var cognito = new InMemoryCognito();
var pool = await cognito.CreateUserPoolAsync("smoke");
var client = ResourceServerClient.Create(cognito);

await client.CreateAsync(new ResourceServer(pool.Id, "https://api.example.com", "api", [new ResourceServerScope("read", "Read")]));
await client.PatchAsync(pool.Id, "https://api.example.com", ResourceServerPatch.Rename("api-renamed").AndAddOrUpdateScope("write", "Write"));
var server = await client.GetAsync(pool.Id, "https://api.example.com");

var ok = server.Name == "api-renamed" && server.Scopes.Count == 2;
Console.WriteLine(ok ? $"package smoke: ok ({server.Name}: {string.Join(", ", server.Scopes.Select(s => s.Name))})" : $"package smoke: FAILED ({server})");
return ok ? 0 : 1;
