using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using ResourceServers.Wire;

namespace ResourceServers.Benchmarks;

/// <summary>
/// Per-call cost of the facade against the raw baseline, one category per operation. Method names are
/// <c>{Operation}_{Variant}</c>: <c>Raw</c> (the baseline), <c>Facade</c> (as the public constructor composes it,
/// with the default resilience pipeline, pacing off) and <c>FacadeNoPipeline</c>.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class OverheadBenchmarks
{
    private OverheadFixture _fixture = null!;

    internal OverheadFixture Fixture => _fixture;

    [GlobalSetup]
    public void Setup() => _fixture = new OverheadFixture();

    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    [Benchmark(Baseline = true), BenchmarkCategory("describe")]
    public Task<DescribeResourceServerResponse> Describe_Raw() =>
        _fixture.Raw.DescribeAsync(new DescribeResourceServerRequest { UserPoolId = OverheadFixture.UserPoolId, Identifier = OverheadFixture.Identifier });

    [Benchmark, BenchmarkCategory("describe")]
    public Task<ResourceServer> Describe_Facade() => _fixture.Facade.GetAsync(OverheadFixture.UserPoolId, OverheadFixture.Identifier);

    [Benchmark, BenchmarkCategory("describe")]
    public Task<ResourceServer> Describe_FacadeNoPipeline() => _fixture.FacadeWithoutPipeline.GetAsync(OverheadFixture.UserPoolId, OverheadFixture.Identifier);

    [Benchmark(Baseline = true), BenchmarkCategory("update")]
    public Task<UpdateResourceServerResponse> Update_Raw() =>
        _fixture.Raw.UpdateAsync(new UpdateResourceServerRequest
        {
            UserPoolId = OverheadFixture.UserPoolId,
            Identifier = OverheadFixture.Identifier,
            Name = OverheadFixture.Name,
            Scopes = _fixture.UpdateWireScopes,
        });

    [Benchmark, BenchmarkCategory("update")]
    public Task<ResourceServer> Update_Facade() => _fixture.Facade.UpdateAsync(_fixture.UpdateModel);

    [Benchmark, BenchmarkCategory("update")]
    public Task<ResourceServer> Update_FacadeNoPipeline() => _fixture.FacadeWithoutPipeline.UpdateAsync(_fixture.UpdateModel);

    [Benchmark(Baseline = true), BenchmarkCategory("list")]
    public async Task<int> List_Raw()
    {
        var page = await _fixture.Raw.ListAsync(new ListResourceServersRequest { UserPoolId = OverheadFixture.UserPoolId, MaxResults = OverheadFixture.ListPageSize });
        return page.ResourceServers.Count;
    }

    [Benchmark, BenchmarkCategory("list")]
    public Task<int> List_Facade() => CountAsync(_fixture.Facade);

    [Benchmark, BenchmarkCategory("list")]
    public Task<int> List_FacadeNoPipeline() => CountAsync(_fixture.FacadeWithoutPipeline);

    [Benchmark(Baseline = true), BenchmarkCategory("patch")]
    public Task<UpdateResourceServerResponse> Patch_Raw() =>
        _fixture.Raw.AddScopeAsync(
            OverheadFixture.UserPoolId,
            OverheadFixture.Identifier,
            new ResourceServerScopeType { ScopeName = OverheadFixture.PatchScope.Name, ScopeDescription = OverheadFixture.PatchScope.Description });

    [Benchmark, BenchmarkCategory("patch")]
    public Task<ResourceServerChange> Patch_Facade() => _fixture.Facade.PatchAsync(OverheadFixture.UserPoolId, OverheadFixture.Identifier, OverheadFixture.Patch);

    [Benchmark, BenchmarkCategory("patch")]
    public Task<ResourceServerChange> Patch_FacadeNoPipeline() => _fixture.FacadeWithoutPipeline.PatchAsync(OverheadFixture.UserPoolId, OverheadFixture.Identifier, OverheadFixture.Patch);

    private static async Task<int> CountAsync(ResourceServerClient client)
    {
        // One page: the canned answer has no NextToken.
        var count = 0;
        await foreach (var server in client.ListAsync(OverheadFixture.UserPoolId, OverheadFixture.ListPageSize))
        {
            _ = server;
            count++;
        }

        return count;
    }
}
