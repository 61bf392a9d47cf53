// What the package smoke builds to see the analyzers work: two hazards (RSRV001, RSRV003), each once, and the safe
// read-modify-write that must not warn.
using Amazon.CognitoIdentityProvider;
using Amazon.CognitoIdentityProvider.Model;

namespace AnalyzerConsumer;

public static class Hazards
{
    public static async Task RenameDeletingEveryScope(IAmazonCognitoIdentityProvider cognito)
    {
        var request = new UpdateResourceServerRequest { UserPoolId = "us-east-1_pool", Identifier = "https://api.example.com", Name = "orders" };
        await cognito.UpdateResourceServerAsync(request); // RSRV001
    }

    public static async Task RenameResettingTheAppClient(IAmazonCognitoIdentityProvider cognito)
    {
        await cognito.UpdateUserPoolClientAsync(new UpdateUserPoolClientRequest { UserPoolId = "us-east-1_pool", ClientId = "client", ClientName = "web" }); // RSRV003
    }

    public static async Task RenameKeepingTheScopes(IAmazonCognitoIdentityProvider cognito)
    {
        var current = await cognito.DescribeResourceServerAsync(new DescribeResourceServerRequest { UserPoolId = "us-east-1_pool", Identifier = "https://api.example.com" });
        var request = new UpdateResourceServerRequest { UserPoolId = "us-east-1_pool", Identifier = "https://api.example.com", Name = "orders", Scopes = current.ResourceServer?.Scopes };
        await cognito.UpdateResourceServerAsync(request);
    }
}
