using ResourceServers.Analyzers.CodeFixes;
using ResourceServers.Analyzers.Tests.TestSupport;

namespace ResourceServers.Analyzers.Tests;

/// <summary>The raw-SDK fix: DescribeResourceServer before the request, its Scopes (and Name when missing) kept.</summary>
public class ReadModifyWriteCodeFixTests
{
    private const string Usings = """
        using System.Threading;
        using System.Threading.Tasks;
        using Amazon.CognitoIdentityProvider;
        using Amazon.CognitoIdentityProvider.Model;

        """;

    [Fact]
    public async Task A_local_request_gets_a_describe_before_it_and_the_described_scopes()
    {
        await Verify.CodeFixAsync<ReadModifyWriteCodeFix>(Usings + """
            class C
            {
                async Task Rename(IAmazonCognitoIdentityProvider cognito, string pool)
                {
                    var request = new UpdateResourceServerRequest { UserPoolId = pool, Identifier = "api", Name = "orders" };
                    await cognito.UpdateResourceServerAsync({|RSRV001:request|});
                }
            }
            """, Usings + """
            class C
            {
                async Task Rename(IAmazonCognitoIdentityProvider cognito, string pool)
                {
                    var current = await cognito.DescribeResourceServerAsync(new DescribeResourceServerRequest { UserPoolId = pool, Identifier = "api" });
                    var request = new UpdateResourceServerRequest { UserPoolId = pool, Identifier = "api", Name = "orders", Scopes = current.ResourceServer.Scopes };
                    await cognito.UpdateResourceServerAsync(request);
                }
            }
            """, ReadModifyWriteCodeFix.EquivalenceKey);
    }

    [Fact]
    public async Task An_inline_request_without_Name_keeps_the_described_name_and_scopes_and_passes_the_cancellation_token_on()
    {
        await Verify.CodeFixAsync<ReadModifyWriteCodeFix>(Usings + """
            class C
            {
                async Task Touch(IAmazonCognitoIdentityProvider cognito, CancellationToken cancellationToken)
                {
                    await cognito.UpdateResourceServerAsync({|RSRV001:{|RSRV002:new UpdateResourceServerRequest
                    {
                        UserPoolId = "pool",
                        Identifier = "api",
                    }|}|}, cancellationToken);
                }
            }
            """, Usings + """
            class C
            {
                async Task Touch(IAmazonCognitoIdentityProvider cognito, CancellationToken cancellationToken)
                {
                    var current = await cognito.DescribeResourceServerAsync(new DescribeResourceServerRequest { UserPoolId = "pool", Identifier = "api" }, cancellationToken);
                    await cognito.UpdateResourceServerAsync(new UpdateResourceServerRequest
                    {
                        UserPoolId = "pool",
                        Identifier = "api",
                        Name = current.ResourceServer.Name,
                        Scopes = current.ResourceServer.Scopes,
                    }, cancellationToken);
                }
            }
            """, ReadModifyWriteCodeFix.EquivalenceKey);
    }

    [Fact]
    public async Task The_synchronous_call_gets_the_synchronous_describe_under_a_name_not_taken()
    {
        await Verify.CodeFixAsync<ReadModifyWriteCodeFix>(Usings + """
            class C
            {
                void Rename(AmazonCognitoIdentityProviderClient cognito, string current)
                {
                    var request = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = current, Name = "orders" };
                    cognito.UpdateResourceServer({|RSRV001:request|});
                }
            }
            """, Usings + """
            class C
            {
                void Rename(AmazonCognitoIdentityProviderClient cognito, string current)
                {
                    var current2 = cognito.DescribeResourceServer(new DescribeResourceServerRequest { UserPoolId = "pool", Identifier = current });
                    var request = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = current, Name = "orders", Scopes = current2.ResourceServer.Scopes };
                    cognito.UpdateResourceServer(request);
                }
            }
            """, ReadModifyWriteCodeFix.EquivalenceKey);
    }

    [Fact]
    public async Task A_request_that_replaces_the_scopes_but_has_no_Name_keeps_only_the_described_name()
    {
        await Verify.CodeFixAsync<ReadModifyWriteCodeFix>(Usings + """
            class C
            {
                async Task Replace(IAmazonCognitoIdentityProvider cognito, System.Collections.Generic.List<ResourceServerScopeType> scopes)
                {
                    var request = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Scopes = scopes };
                    await cognito.UpdateResourceServerAsync({|RSRV002:request|});
                }
            }
            """, Usings + """
            class C
            {
                async Task Replace(IAmazonCognitoIdentityProvider cognito, System.Collections.Generic.List<ResourceServerScopeType> scopes)
                {
                    var current = await cognito.DescribeResourceServerAsync(new DescribeResourceServerRequest { UserPoolId = "pool", Identifier = "api" });
                    var request = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Scopes = scopes, Name = current.ResourceServer.Name };
                    await cognito.UpdateResourceServerAsync(request);
                }
            }
            """, ReadModifyWriteCodeFix.EquivalenceKey);
    }

    [Fact]
    public async Task No_fix_for_an_async_call_outside_an_async_function()
    {
        await Verify.NoCodeFixAsync<ReadModifyWriteCodeFix>(Usings + """
            class C
            {
                Task Rename(IAmazonCognitoIdentityProvider cognito)
                {
                    var request = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Name = "orders" };
                    return cognito.UpdateResourceServerAsync({|RSRV001:request|});
                }
            }
            """);
    }

    [Fact]
    public async Task No_fix_when_the_request_does_not_say_which_resource_server()
    {
        await Verify.NoCodeFixAsync<ReadModifyWriteCodeFix>(Usings + """
            class C
            {
                async Task Rename(IAmazonCognitoIdentityProvider cognito, string identifier)
                {
                    var request = new UpdateResourceServerRequest { UserPoolId = "pool", Name = "orders" };
                    request.Identifier = identifier;
                    await cognito.UpdateResourceServerAsync({|RSRV001:request|});
                }
            }
            """);
    }
}
