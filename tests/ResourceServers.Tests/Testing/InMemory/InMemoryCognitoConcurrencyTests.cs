using ResourceServers.Testing;
using ResourceServers.Wire;
using static ResourceServers.Tests.Testing.InMemory.InMemoryCognitoFixture;

namespace ResourceServers.Tests.Testing.InMemory;

public class InMemoryCognitoConcurrencyTests
{
    [Fact]
    public async Task Parallel_creates_of_distinct_identifiers_all_land()
    {
        var (cognito, _) = Create(o => o.MaxResourceServersPerPool = 300);
        var pool = await cognito.NewPoolAsync();
        var identifiers = Enumerable.Range(0, 200).Select(i => $"api-{i:D3}").ToList();

        await Parallel.ForEachAsync(identifiers, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, ct) =>
            await cognito.CreateResourceServerAsync(CreateRequest(pool, id, scopes: [Read]), ct));

        var listed = new List<string>();
        string? token = null;
        do
        {
            var page = await cognito.ListResourceServersAsync(new() { UserPoolId = pool, NextToken = token });
            listed.AddRange(page.ResourceServers.Select(s => s.Identifier!));
            token = page.NextToken;
        }
        while (token is not null);

        Assert.Equal(identifiers, listed);
        Assert.Equal(200, cognito.Statistics.GetSucceeded(CognitoOperation.CreateResourceServer));
    }

    [Fact]
    public async Task Parallel_creates_of_one_identifier_let_exactly_one_win()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            try
            {
                await cognito.CreateResourceServerAsync(CreateRequest(pool, name: $"n{i}"));
                return true;
            }
            catch (CognitoServiceException thrown) when (thrown.ErrorCode == CognitoErrorCodes.InvalidParameter)
            {
                return false;
            }
        })));

        Assert.Single(outcomes, won => won);
    }

    [Fact]
    public async Task Parallel_creates_past_the_limit_never_exceed_it()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            try
            {
                await cognito.CreateResourceServerAsync(CreateRequest(pool, $"api-{i}"));
                return true;
            }
            catch (CognitoServiceException thrown) when (thrown.ErrorCode == CognitoErrorCodes.LimitExceeded)
            {
                return false;
            }
        })));

        Assert.Equal(25, outcomes.Count(won => won));
        Assert.Equal(25, (await cognito.ListResourceServersAsync(new() { UserPoolId = pool })).ResourceServers.Count);
    }

    [Fact]
    public async Task Parallel_updates_leave_one_whole_write_never_a_mix()
    {
        var (cognito, _) = Create();
        var pool = await cognito.NewPoolAsync();
        await cognito.CreateResourceServerAsync(CreateRequest(pool));

        // Each writer sends a name and scopes that belong together; the survivor must be one writer's whole request.
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await cognito.UpdateResourceServerAsync(
                new()
                {
                    UserPoolId = pool,
                    Identifier = Identifier,
                    Name = $"writer-{i}",
                    Scopes = Enumerable.Range(0, 1 + (i % 10)).Select(j => new ResourceServerScopeType { ScopeName = $"w{i}-s{j}", ScopeDescription = $"writer {i}" }).ToArray(),
                },
                ct));

        var server = (await cognito.DescribeResourceServerAsync(DescribeRequest(pool))).ResourceServer;
        var writer = int.Parse(server.Name!["writer-".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1 + (writer % 10), server.Scopes!.Count);
        Assert.All(server.Scopes, s => Assert.Equal($"writer {writer}", s.ScopeDescription));
        Assert.Equal(200, cognito.Statistics.GetSucceeded(CognitoOperation.UpdateResourceServer));
    }

    [Fact]
    public async Task Parallel_pool_creation_respects_the_pool_cap()
    {
        var (cognito, _) = Create(o => o.MaxUserPools = 50);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 120).Select(i => Task.Run(async () =>
        {
            try
            {
                await cognito.CreateUserPoolAsync($"pool {i}");
                return true;
            }
            catch (CognitoServiceException thrown) when (thrown.ErrorCode == CognitoErrorCodes.LimitExceeded)
            {
                return false;
            }
        })));

        Assert.Equal(50, outcomes.Count(created => created));
        var page = await cognito.ListUserPoolsAsync(60);
        Assert.Equal(50, page.UserPools.Count);
    }

    [Fact]
    public async Task Creates_racing_a_pool_delete_either_land_before_it_or_fail_as_not_found()
    {
        var (cognito, _) = Create(o => o.MaxResourceServersPerPool = 300);
        var pool = await cognito.NewPoolAsync();

        var creates = Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            try
            {
                await cognito.CreateResourceServerAsync(CreateRequest(pool, $"api-{i}"));
            }
            catch (ResourceServerNotFoundException)
            {
                // Lost the race with the delete: the only other acceptable outcome.
            }
        })).ToList();
        creates.Add(Task.Run(() => cognito.DeleteUserPoolAsync(pool)));
        await Task.WhenAll(creates);

        await Assert.ThrowsAsync<ResourceServerNotFoundException>(() => cognito.ListResourceServersAsync(new() { UserPoolId = pool }));
    }
}
