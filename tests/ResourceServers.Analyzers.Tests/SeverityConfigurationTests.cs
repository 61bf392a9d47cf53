using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ResourceServers.Analyzers.Tests.TestSupport;

namespace ResourceServers.Analyzers.Tests;

/// <summary>The rules' severities follow .editorconfig like any other diagnostic's.</summary>
public class SeverityConfigurationTests
{
    private const string Source = """
        using System.Threading.Tasks;
        using Amazon.CognitoIdentityProvider;
        using Amazon.CognitoIdentityProvider.Model;

        class C
        {
            Task Rename(IAmazonCognitoIdentityProvider cognito) =>
                cognito.UpdateResourceServerAsync({|#0:new UpdateResourceServerRequest { UserPoolId = "pool", Identifier = "api", Name = "orders" }|});
        }
        """;

    // "error" is not among the cases: the test framework reports a warning raised to an error as the warning it was.
    [Fact]
    public async Task An_editorconfig_can_lower_a_rule_to_a_suggestion()
    {
        await Verify.AnalyzerAsync(Source, "dotnet_diagnostic.RSRV001.severity = suggestion", new DiagnosticResult("RSRV001", DiagnosticSeverity.Info).WithLocation(0));
    }

    [Fact]
    public async Task An_editorconfig_can_turn_a_rule_off()
    {
        await Verify.AnalyzerAsync(Source, "dotnet_diagnostic.RSRV001.severity = none");
    }
}
