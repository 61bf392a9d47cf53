using ResourceServers.Analyzers.Tests.TestSupport;

namespace ResourceServers.Analyzers.Tests;

/// <summary>RSRV001 and RSRV002: each way a request reaches UpdateResourceServer without Scopes or Name is reported.</summary>
public class UpdateResourceServerWarningTests
{
    private const string Usings = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Amazon.CognitoIdentityProvider;
        using Amazon.CognitoIdentityProvider.Model;

        """;

    [Fact]
    public async Task An_initializer_without_Scopes_passed_inline_is_reported_with_the_identifier_in_the_message()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                async Task Rename(IAmazonCognitoIdentityProvider cognito, string pool)
                {
                    await cognito.UpdateResourceServerAsync({|#0:new UpdateResourceServerRequest { UserPoolId = pool, Identifier = "https://api.example.com", Name = "orders" }|});
                }
            }
            """,
            Verify.Diagnostic("RSRV001").WithLocation(0).WithMessage(
                "UpdateResourceServer replaces the scope list; this request sets no Scopes, so every scope of 'https://api.example.com' is deleted"));
    }

    [Fact]
    public async Task A_local_whose_initializer_and_later_assignments_never_set_Scopes_is_reported()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                async Task Rename(IAmazonCognitoIdentityProvider cognito, string pool, string identifier)
                {
                    var request = new UpdateResourceServerRequest { UserPoolId = pool };
                    request.Identifier = identifier;
                    request.Name = "orders";
                    await cognito.UpdateResourceServerAsync({|#0:request|});
                }
            }
            """,
            Verify.Diagnostic("RSRV001").WithLocation(0).WithArguments("the resource server"));
    }

    [Fact]
    public async Task A_request_without_Scopes_or_Name_is_reported_twice()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                async Task Touch(IAmazonCognitoIdentityProvider cognito)
                {
                    var request = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api" };
                    await cognito.UpdateResourceServerAsync({|#0:request|});
                }
            }
            """,
            Verify.Diagnostic("RSRV001").WithLocation(0),
            Verify.Diagnostic("RSRV002").WithLocation(0).WithMessage(
                "UpdateResourceServer requires Name; this request sets none, so the call for 'api' is rejected"));
    }

    [Fact]
    public async Task A_request_with_Scopes_but_no_Name_is_reported_only_for_Name()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                async Task Replace(IAmazonCognitoIdentityProvider cognito, List<ResourceServerScopeType> scopes)
                {
                    await cognito.UpdateResourceServerAsync({|RSRV002:new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Scopes = scopes }|});
                }
            }
            """);
    }

    [Fact]
    public async Task The_synchronous_call_on_the_concrete_client_is_reported()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                void Rename(AmazonCognitoIdentityProviderClient cognito)
                {
                    var request = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Name = "orders" };
                    cognito.UpdateResourceServer({|RSRV001:request|});
                }
            }
            """);
    }

    [Fact]
    public async Task A_call_through_a_type_implementing_the_client_interface_is_reported()
    {
        await Verify.AnalyzerAsync(Usings + """
            abstract class LoggingCognito : IAmazonCognitoIdentityProvider
            {
                public abstract Task<UpdateResourceServerResponse> UpdateResourceServerAsync(UpdateResourceServerRequest request, System.Threading.CancellationToken cancellationToken = default);
                public abstract UpdateResourceServerResponse UpdateResourceServer(UpdateResourceServerRequest request);
                public abstract Task<DescribeResourceServerResponse> DescribeResourceServerAsync(DescribeResourceServerRequest request, System.Threading.CancellationToken cancellationToken = default);
                public abstract DescribeResourceServerResponse DescribeResourceServer(DescribeResourceServerRequest request);
                public abstract Task<UpdateUserPoolClientResponse> UpdateUserPoolClientAsync(UpdateUserPoolClientRequest request, System.Threading.CancellationToken cancellationToken = default);
            }

            class C
            {
                Task Rename(LoggingCognito cognito) =>
                    cognito.UpdateResourceServerAsync({|RSRV001:new() { UserPoolId = "pool", Identifier = "api", Name = "orders" }|});
            }
            """);
    }

    [Fact]
    public async Task A_local_assigned_after_its_declaration_without_Scopes_is_reported()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                async Task Rename(IAmazonCognitoIdentityProvider cognito, bool fast)
                {
                    UpdateResourceServerRequest request;
                    if (fast)
                    {
                        request = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Name = "fast" };
                    }
                    else
                    {
                        request = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Name = "slow" };
                    }

                    await cognito.UpdateResourceServerAsync({|RSRV001:request|});
                }
            }
            """);
    }

    [Fact]
    public async Task A_with_copy_of_a_request_without_Scopes_is_reported()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                async Task Rename(IAmazonCognitoIdentityProvider cognito)
                {
                    var template = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api" };
                    var request = template with { Name = "orders" };
                    await cognito.UpdateResourceServerAsync({|RSRV001:request|});
                }
            }
            """,
            recordRequests: true);
    }

    [Fact]
    public async Task Scopes_set_only_after_the_call_do_not_count()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                async Task Rename(IAmazonCognitoIdentityProvider cognito, List<ResourceServerScopeType> scopes)
                {
                    var request = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Name = "orders" };
                    await cognito.UpdateResourceServerAsync({|RSRV001:request|});
                    request.Scopes = scopes;
                    Keep(request);
                }

                static void Keep(UpdateResourceServerRequest request) { }
            }
            """);
    }

    [Fact]
    public async Task A_call_inside_a_lambda_with_its_request_built_there_is_reported()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                System.Func<Task> Later(IAmazonCognitoIdentityProvider cognito) => async () =>
                {
                    var request = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Name = "orders" };
                    await cognito.UpdateResourceServerAsync({|RSRV001:request|});
                };
            }
            """);
    }

    [Fact]
    public async Task A_request_built_in_a_try_block_is_reported()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                async Task Rename(IAmazonCognitoIdentityProvider cognito)
                {
                    try
                    {
                        var request = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Name = "orders" };
                        await cognito.UpdateResourceServerAsync({|RSRV001:request|});
                    }
                    catch (System.InvalidOperationException)
                    {
                        throw;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task A_request_in_top_level_statements_is_reported_and_a_later_assignment_there_is_not_counted()
    {
        await Verify.ProgramAsync(Usings + """
            IAmazonCognitoIdentityProvider cognito = new AmazonCognitoIdentityProviderClient();
            var request = new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Name = "orders" };
            await cognito.UpdateResourceServerAsync({|RSRV001:request|});
            request.Scopes = new List<ResourceServerScopeType>();
            """);
    }
}
