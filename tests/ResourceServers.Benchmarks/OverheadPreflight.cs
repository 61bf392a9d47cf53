using System.Text;

namespace ResourceServers.Benchmarks;

/// <summary>
/// Checks, once before measuring, that the comparison is like for like: for each operation the raw baseline and the
/// facade put the same method, URI, headers and body on the wire (signatures aside, which depend on the second they
/// are made in) and read back the same data.
/// </summary>
internal static class OverheadPreflight
{
    // Time-dependent: the signing second is part of both (the credential scope and signed headers are still compared).
    private static readonly HashSet<string> TimeDependentHeaders = new(StringComparer.OrdinalIgnoreCase) { "Authorization", "X-Amz-Date" };

    public static async Task VerifyAsync()
    {
        var benchmarks = new OverheadBenchmarks();
        benchmarks.Setup();
        try
        {
            await VerifyAsync(benchmarks, benchmarks.Fixture);
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    private static async Task VerifyAsync(OverheadBenchmarks benchmarks, OverheadFixture fixture)
    {

        var rawDescribe = await Capture(fixture, benchmarks.Describe_Raw);
        var facadeDescribe = await Capture(fixture, benchmarks.Describe_Facade);
        Compare("describe", rawDescribe, facadeDescribe);

        Compare("update", await Capture(fixture, benchmarks.Update_Raw), await Capture(fixture, benchmarks.Update_Facade));
        Compare("list", await Capture(fixture, benchmarks.List_Raw), await Capture(fixture, benchmarks.List_Facade));
        Compare("patch", await Capture(fixture, benchmarks.Patch_Raw), await Capture(fixture, benchmarks.Patch_Facade));

        var raw = await fixture.Raw.DescribeAsync(new Wire.DescribeResourceServerRequest { UserPoolId = OverheadFixture.UserPoolId, Identifier = OverheadFixture.Identifier });
        var model = await fixture.Facade.GetAsync(OverheadFixture.UserPoolId, OverheadFixture.Identifier);
        if (raw.ResourceServer.Scopes?.Count != OverheadFixture.ScopesPerServer || model.Scopes.Count != OverheadFixture.ScopesPerServer
            || !string.Equals(raw.ResourceServer.Name, model.Name, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("preflight: the raw baseline and the facade read different data from the canned describe.");
        }

        var rawPage = await benchmarks.List_Raw();
        var facadePage = await benchmarks.List_Facade();
        if (rawPage != OverheadFixture.ListPageSize || facadePage != OverheadFixture.ListPageSize)
        {
            throw new InvalidOperationException($"preflight: list read {rawPage} (raw) and {facadePage} (facade) items; expected {OverheadFixture.ListPageSize}.");
        }
    }

    /// <summary>
    /// Runs every benchmark method over and over for <paramref name="duration"/>, so that quick mode, which measures
    /// in this process, measures code the JIT has finished optimizing. Without it the first benchmarks to run (the
    /// raw describe, by the order BenchmarkDotNet picks) pay for tiering up the signer, HttpClient and the serializer
    /// that every later one shares, which made the raw describe look 3-6 times slower than the raw update.
    /// </summary>
    public static async Task WarmUpAsync(TimeSpan duration)
    {
        var benchmarks = new OverheadBenchmarks();
        benchmarks.Setup();
        try
        {
            var started = TimeProvider.System.GetTimestamp();
            while (TimeProvider.System.GetElapsedTime(started) < duration)
            {
                await benchmarks.Describe_Raw();
                await benchmarks.Describe_Facade();
                await benchmarks.Describe_FacadeNoPipeline();
                await benchmarks.Update_Raw();
                await benchmarks.Update_Facade();
                await benchmarks.Update_FacadeNoPipeline();
                await benchmarks.List_Raw();
                await benchmarks.List_Facade();
                await benchmarks.List_FacadeNoPipeline();
                await benchmarks.Patch_Raw();
                await benchmarks.Patch_Facade();
                await benchmarks.Patch_FacadeNoPipeline();
            }
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    private static async Task<List<OverheadCapturedRequest>> Capture<T>(OverheadFixture fixture, Func<Task<T>> call)
    {
        fixture.Handler.Captured.Clear();
        fixture.Handler.Capture = true;
        try
        {
            await call();
            return [.. fixture.Handler.Captured];
        }
        finally
        {
            fixture.Handler.Capture = false;
        }
    }

    private static void Compare(string operation, List<OverheadCapturedRequest> raw, List<OverheadCapturedRequest> facade)
    {
        if (raw.Count != facade.Count || raw.Count == 0)
        {
            throw new InvalidOperationException($"preflight {operation}: raw sent {raw.Count} requests, the facade {facade.Count}.");
        }

        for (var i = 0; i < raw.Count; i++)
        {
            var (r, f) = (raw[i], facade[i]);
            var where = $"preflight {operation} request {i + 1}";
            if (r.Method != f.Method || r.Uri != f.Uri)
            {
                throw new InvalidOperationException($"{where}: raw is {r.Method} {r.Uri}, the facade {f.Method} {f.Uri}.");
            }

            if (!r.Body.AsSpan().SequenceEqual(f.Body))
            {
                throw new InvalidOperationException($"{where}: bodies differ.\n raw:    {Encoding.UTF8.GetString(r.Body)}\n facade: {Encoding.UTF8.GetString(f.Body)}");
            }

            if (!r.Headers.Keys.SequenceEqual(f.Headers.Keys, StringComparer.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{where}: header names differ: raw [{string.Join(", ", r.Headers.Keys)}], facade [{string.Join(", ", f.Headers.Keys)}].");
            }

            foreach (var (name, value) in r.Headers)
            {
                var other = f.Headers[name];
                var same = TimeDependentHeaders.Contains(name)
                    ? string.Equals(WithoutTimeParts(name, value), WithoutTimeParts(name, other), StringComparison.Ordinal)
                    : string.Equals(value, other, StringComparison.Ordinal);
                if (!same)
                {
                    // Header names only: values include the Authorization header.
                    throw new InvalidOperationException($"{where}: header '{name}' differs between raw and facade.");
                }
            }
        }
    }

    // Keeps the signed-headers list of the Authorization header; drops the signing date and the signature.
    private static string WithoutTimeParts(string name, string value)
    {
        if (!string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase))
        {
            return string.Empty;
        }

        var signedHeaders = value.IndexOf("SignedHeaders=", StringComparison.Ordinal);
        var signature = value.IndexOf(", Signature=", StringComparison.Ordinal);
        return signedHeaders < 0 || signature < signedHeaders ? value : value[signedHeaders..signature];
    }
}
