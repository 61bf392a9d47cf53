using ResourceServers.Analyzers.Tests.TestSupport;

namespace ResourceServers.Analyzers.Tests;

/// <summary>RSRV003: an UpdateUserPoolClient request that sets none of the client's settings resets them all.</summary>
public class UpdateUserPoolClientTests
{
    private const string Usings = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Amazon.CognitoIdentityProvider;
        using Amazon.CognitoIdentityProvider.Model;

        """;

    [Fact]
    public async Task A_rename_that_sets_no_setting_is_reported_with_the_client_id()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                async Task Rename(IAmazonCognitoIdentityProvider cognito)
                {
                    var request = new UpdateUserPoolClientRequest { UserPoolId = "pool", ClientId = "abc123", ClientName = "web" };
                    await cognito.UpdateUserPoolClientAsync({|#0:request|});
                }
            }
            """,
            Verify.Diagnostic("RSRV003").WithLocation(0).WithArguments("'abc123'"));
    }

    [Fact]
    public async Task A_request_that_sets_any_setting_is_not_reported()
    {
        await Verify.AnalyzerAsync(Usings + """
            class C
            {
                async Task Update(IAmazonCognitoIdentityProvider cognito, List<string> scopes)
                {
                    var request = new UpdateUserPoolClientRequest { UserPoolId = "pool", ClientId = "abc123" };
                    request.AllowedOAuthScopes = scopes;
                    await cognito.UpdateUserPoolClientAsync(request);
                    await cognito.UpdateUserPoolClientAsync(new UpdateUserPoolClientRequest { UserPoolId = "pool", ClientId = "abc123", RefreshTokenValidity = 30 });
                }
            }
            """);
    }
}
