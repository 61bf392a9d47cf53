using ResourceServers.Analyzers.Tests.TestSupport;

namespace ResourceServers.Analyzers.Tests;

/// <summary>
/// Where Scopes and Name may be set on some path to the call, or the request reaches code the analyzer cannot follow,
/// nothing is reported. Each request here also misses Name or Scopes elsewhere only where the test says so.
/// </summary>
public class ConservativeNoWarningTests
{
    private const string Usings = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Amazon.CognitoIdentityProvider;
        using Amazon.CognitoIdentityProvider.Model;

        """;

    [Fact]
    public async Task An_initializer_that_sets_Scopes_and_Name()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                Task Replace(IAmazonCognitoIdentityProvider cognito, List<ResourceServerScopeType> scopes) =>
                    cognito.UpdateResourceServerAsync(new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Name = "orders", Scopes = scopes });
            }
            """);
    }

    [Fact]
    public async Task A_nested_collection_initializer_for_Scopes()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                Task Replace(IAmazonCognitoIdentityProvider cognito) =>
                    cognito.UpdateResourceServerAsync(new UpdateResourceServerRequest { Name = "orders", Scopes = { new ResourceServerScopeType { ScopeName = "read" } } });
            }
            """);
    }

    [Fact]
    public async Task Scopes_and_Name_assigned_after_the_initializer()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                async Task Replace(IAmazonCognitoIdentityProvider cognito, List<ResourceServerScopeType> scopes)
                {
                    var request = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api" };
                    request.Name = "orders";
                    request.Scopes = scopes;
                    await cognito.UpdateResourceServerAsync(request);
                }
            }
            """);
    }

    [Fact]
    public async Task Scopes_and_Name_copied_from_a_describe_response()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                async Task Rename(IAmazonCognitoIdentityProvider cognito)
                {
                    var current = await cognito.DescribeResourceServerAsync(new DescribeResourceServerRequest { UserPoolId = "pool", Identifier = "api" });
                    var request = new UpdateResourceServerRequest
                    {
                        UserPoolId = "pool",
                        Identifier = "api",
                        Name = current.ResourceServer.Name,
                        Scopes = current.ResourceServer.Scopes,
                    };
                    await cognito.UpdateResourceServerAsync(request);
                }
            }
            """);
    }

    [Fact]
    public async Task A_with_copy_that_sets_Scopes()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                async Task Replace(IAmazonCognitoIdentityProvider cognito, List<ResourceServerScopeType> scopes)
                {
                    var template = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Name = "orders" };
                    await cognito.UpdateResourceServerAsync(template with { Scopes = scopes });
                }
            }
            """,
            recordRequests: true);
    }

    [Fact]
    public async Task A_with_copy_of_a_request_that_has_Scopes()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                async Task Rename(IAmazonCognitoIdentityProvider cognito, List<ResourceServerScopeType> scopes)
                {
                    var template = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Scopes = scopes };
                    var request = template with { Name = "orders" };
                    await cognito.UpdateResourceServerAsync(request);
                }
            }
            """,
            recordRequests: true);
    }

    [Fact]
    public async Task Scopes_set_on_one_branch_only()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                async Task Maybe(IAmazonCognitoIdentityProvider cognito, List<ResourceServerScopeType> scopes, bool replace)
                {
                    var request = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Name = "orders" };
                    if (replace)
                    {
                        request.Scopes = scopes;
                    }

                    await cognito.UpdateResourceServerAsync(request);
                }
            }
            """);
    }

    [Fact]
    public async Task Scopes_set_after_the_call_in_a_loop_reach_the_next_call()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                async Task Twice(IAmazonCognitoIdentityProvider cognito, List<ResourceServerScopeType> scopes)
                {
                    var request = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Name = "orders" };
                    for (var i = 0; i < 2; i++)
                    {
                        await cognito.UpdateResourceServerAsync(request);
                        request.Scopes = scopes;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Scopes_set_after_the_call_inside_a_try_block_an_exception_path_may_lead_back_from()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                async Task Retry(IAmazonCognitoIdentityProvider cognito, List<ResourceServerScopeType> scopes)
                {
                    var request = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Name = "orders" };
                    while (true)
                    {
                        try
                        {
                            await cognito.UpdateResourceServerAsync(request);
                            return;
                        }
                        catch (System.InvalidOperationException)
                        {
                            request.Scopes = scopes;
                        }
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task A_request_passed_to_another_method_before_the_call()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                async Task Rename(IAmazonCognitoIdentityProvider cognito)
                {
                    var request = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Name = "orders" };
                    Complete(request);
                    await cognito.UpdateResourceServerAsync(request);
                }

                static void Complete(UpdateResourceServerRequest request) { }
            }
            """);
    }

    [Fact]
    public async Task A_request_stored_in_a_field_before_the_call()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                UpdateResourceServerRequest _last;

                async Task Rename(IAmazonCognitoIdentityProvider cognito)
                {
                    var request = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Name = "orders" };
                    _last = request;
                    await cognito.UpdateResourceServerAsync(request);
                }
            }
            """);
    }

    [Fact]
    public async Task A_request_captured_by_a_lambda()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                async Task Rename(IAmazonCognitoIdentityProvider cognito, System.Action<System.Action> register)
                {
                    var request = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Name = "orders" };
                    register(() => System.Console.WriteLine(request.Identifier));
                    await cognito.UpdateResourceServerAsync(request);
                }
            }
            """);
    }

    [Fact]
    public async Task A_request_captured_by_a_local_function()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                async Task Rename(IAmazonCognitoIdentityProvider cognito, List<ResourceServerScopeType> scopes)
                {
                    var request = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Name = "orders" };
                    Fill();
                    await cognito.UpdateResourceServerAsync(request);

                    void Fill() => request.Scopes = scopes;
                }
            }
            """);
    }

    [Fact]
    public async Task A_request_yielded_to_the_caller_before_the_call()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                IEnumerable<UpdateResourceServerRequest> Rename(IAmazonCognitoIdentityProvider cognito)
                {
                    var request = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Name = "orders" };
                    yield return request;
                    cognito.UpdateResourceServer(request);
                }
            }
            """);
    }

    [Fact]
    public async Task A_request_aliased_by_another_local()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                async Task Rename(IAmazonCognitoIdentityProvider cognito, List<ResourceServerScopeType> scopes)
                {
                    var request = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Name = "orders" };
                    var same = request;
                    same.Scopes = scopes;
                    await cognito.UpdateResourceServerAsync(request);
                }
            }
            """);
    }

    [Fact]
    public async Task A_request_that_comes_from_a_parameter_or_a_method()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                async Task Send(IAmazonCognitoIdentityProvider cognito, UpdateResourceServerRequest request)
                {
                    await cognito.UpdateResourceServerAsync(request);
                    await cognito.UpdateResourceServerAsync(Build());
                }

                static UpdateResourceServerRequest Build() => new UpdateResourceServerRequest();
            }
            """);
    }

    [Fact]
    public async Task A_request_of_a_subclass_whose_constructor_may_set_Scopes()
    {
        await Verify.AnalyzerAsync(Usings + """
            class DefaultScopes : UpdateResourceServerRequest
            {
                public DefaultScopes() => Scopes = new List<ResourceServerScopeType>();
            }

            class C
            {
                Task Rename(IAmazonCognitoIdentityProvider cognito) =>
                    cognito.UpdateResourceServerAsync(new DefaultScopes { UserPoolId = "pool", Identifier = "api", Name = "orders" });
            }
            """);
    }

    [Fact]
    public async Task A_request_declared_by_a_pattern()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                async Task Send(IAmazonCognitoIdentityProvider cognito, object candidate)
                {
                    if (candidate is UpdateResourceServerRequest request)
                    {
                        await cognito.UpdateResourceServerAsync(request);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task A_method_of_the_same_name_on_a_type_that_is_not_a_Cognito_client()
    {
        await Verify.AnalyzerAsync(Usings + """
            class Other
            {
                public Task UpdateResourceServerAsync(UpdateResourceServerRequest request) => Task.CompletedTask;
            }

            class C
            {
                Task Rename(Other other) => other.UpdateResourceServerAsync(new UpdateResourceServerRequest { Name = "orders" });
            }
            """);
    }
}
