using ResourceServers.Analyzers.CodeFixes;
using ResourceServers.Analyzers.Tests.TestSupport;

namespace ResourceServers.Analyzers.Tests;

/// <summary>The library fix: a rename through the raw SDK becomes IResourceServerClient.PatchAsync with ResourceServerPatch.Rename.</summary>
public class PatchAsyncCodeFixTests
{
    private const string Usings = """
        using System.Threading;
        using System.Threading.Tasks;
        using Amazon.CognitoIdentityProvider;
        using Amazon.CognitoIdentityProvider.Model;
        using ResourceServers;

        """;

    [Fact]
    public async Task A_local_rename_request_becomes_a_patch_through_the_client_in_scope()
    {
        await Verify.CodeFixAsync<PatchAsyncCodeFix>(Usings + """
            class C
            {
                private readonly IResourceServerClient _resourceServers;

                C(IResourceServerClient resourceServers) => _resourceServers = resourceServers;

                async Task Rename(IAmazonCognitoIdentityProvider cognito, string pool, CancellationToken cancellationToken)
                {
                    var request = new UpdateResourceServerRequest { UserPoolId = pool, Identifier = "api", Name = "orders" };
                    await cognito.UpdateResourceServerAsync({|RSRV001:request|}, cancellationToken);
                }
            }
            """, Usings + """
            class C
            {
                private readonly IResourceServerClient _resourceServers;

                C(IResourceServerClient resourceServers) => _resourceServers = resourceServers;

                async Task Rename(IAmazonCognitoIdentityProvider cognito, string pool, CancellationToken cancellationToken)
                {
                    await _resourceServers.PatchAsync(pool, "api", ResourceServerPatch.Rename("orders"), cancellationToken);
                }
            }
            """, PatchAsyncCodeFix.EquivalenceKey, referenceLibrary: true);
    }

    [Fact]
    public async Task An_inline_rename_request_becomes_a_patch_through_a_parameter()
    {
        await Verify.CodeFixAsync<PatchAsyncCodeFix>(Usings + """
            class C
            {
                async Task Rename(IAmazonCognitoIdentityProvider cognito, IResourceServerClient client)
                {
                    await cognito.UpdateResourceServerAsync({|RSRV001:new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Name = "orders" }|});
                }
            }
            """, Usings + """
            class C
            {
                async Task Rename(IAmazonCognitoIdentityProvider cognito, IResourceServerClient client)
                {
                    await client.PatchAsync("pool", "api", ResourceServerPatch.Rename("orders"));
                }
            }
            """, PatchAsyncCodeFix.EquivalenceKey, referenceLibrary: true);
    }

    [Fact]
    public async Task No_fix_without_the_library_or_without_a_client_in_scope()
    {
        const string Source = Usings + """
            class C
            {
                async Task Rename(IAmazonCognitoIdentityProvider cognito)
                {
                    await cognito.UpdateResourceServerAsync({|RSRV001:new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Name = "orders" }|});
                }
            }
            """;
        await Verify.NoCodeFixAsync<PatchAsyncCodeFix>(Source, referenceLibrary: true);
        await Verify.NoCodeFixAsync<PatchAsyncCodeFix>(Source.Replace("using ResourceServers;\n", string.Empty, StringComparison.Ordinal), referenceLibrary: false);
    }

    [Fact]
    public async Task No_fix_when_the_response_is_used()
    {
        await Verify.NoCodeFixAsync<PatchAsyncCodeFix>(Usings + """
            class C
            {
                async Task<string> Rename(IAmazonCognitoIdentityProvider cognito, IResourceServerClient client)
                {
                    var response = await cognito.UpdateResourceServerAsync({|RSRV001:new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Name = "orders" }|});
                    return response.ResourceServer.Name;
                }
            }
            """, referenceLibrary: true);
    }

    [Fact]
    public async Task No_fix_when_the_local_request_is_used_elsewhere()
    {
        await Verify.NoCodeFixAsync<PatchAsyncCodeFix>(Usings + """
            class C
            {
                async Task Rename(IAmazonCognitoIdentityProvider cognito, IResourceServerClient client)
                {
                    var request = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Name = "orders" };
                    await cognito.UpdateResourceServerAsync({|RSRV001:request|});
                    System.Console.WriteLine(request.Name);
                }
            }
            """, referenceLibrary: true);
    }
}
