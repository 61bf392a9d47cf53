namespace ResourceServers.Analyzers.Tests.TestSupport;

/// <summary>
/// Stand-ins for the AWS SDK's Cognito types, with the SDK's metadata names and shapes (the SDK package is not served
/// here): what the analyzer matches and the code fixes call.
/// </summary>
internal static class StandInSdk
{
    public const string FileName = "StandInSdk.cs";

    /// <summary>The stand-in source; with <paramref name="recordRequests"/> the request types are records, so tests can copy them with <c>with</c>.</summary>
    public static string Source(bool recordRequests = false) => recordRequests ? Text.Replace("public class Update", "public record Update") : Text;

    private const string Text = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Amazon.CognitoIdentityProvider.Model;

        namespace Amazon.CognitoIdentityProvider
        {
            public interface IAmazonCognitoIdentityProvider
            {
                Task<UpdateResourceServerResponse> UpdateResourceServerAsync(UpdateResourceServerRequest request, CancellationToken cancellationToken = default);
                UpdateResourceServerResponse UpdateResourceServer(UpdateResourceServerRequest request);
                Task<DescribeResourceServerResponse> DescribeResourceServerAsync(DescribeResourceServerRequest request, CancellationToken cancellationToken = default);
                DescribeResourceServerResponse DescribeResourceServer(DescribeResourceServerRequest request);
                Task<UpdateUserPoolClientResponse> UpdateUserPoolClientAsync(UpdateUserPoolClientRequest request, CancellationToken cancellationToken = default);
            }

            public class AmazonCognitoIdentityProviderClient : IAmazonCognitoIdentityProvider
            {
                public virtual Task<UpdateResourceServerResponse> UpdateResourceServerAsync(UpdateResourceServerRequest request, CancellationToken cancellationToken = default) => Task.FromResult(new UpdateResourceServerResponse());
                public virtual UpdateResourceServerResponse UpdateResourceServer(UpdateResourceServerRequest request) => new UpdateResourceServerResponse();
                public virtual Task<DescribeResourceServerResponse> DescribeResourceServerAsync(DescribeResourceServerRequest request, CancellationToken cancellationToken = default) => Task.FromResult(new DescribeResourceServerResponse());
                public virtual DescribeResourceServerResponse DescribeResourceServer(DescribeResourceServerRequest request) => new DescribeResourceServerResponse();
                public virtual Task<UpdateUserPoolClientResponse> UpdateUserPoolClientAsync(UpdateUserPoolClientRequest request, CancellationToken cancellationToken = default) => Task.FromResult(new UpdateUserPoolClientResponse());
            }
        }

        namespace Amazon.CognitoIdentityProvider.Model
        {
            public class ResourceServerScopeType
            {
                public string ScopeName { get; set; }
                public string ScopeDescription { get; set; }
            }

            public class ResourceServerType
            {
                public string UserPoolId { get; set; }
                public string Identifier { get; set; }
                public string Name { get; set; }
                public List<ResourceServerScopeType> Scopes { get; set; }
            }

            public class UpdateResourceServerRequest
            {
                public string UserPoolId { get; set; }
                public string Identifier { get; set; }
                public string Name { get; set; }
                public List<ResourceServerScopeType> Scopes { get; set; }
            }

            public class UpdateResourceServerResponse
            {
                public ResourceServerType ResourceServer { get; set; }
            }

            public class DescribeResourceServerRequest
            {
                public string UserPoolId { get; set; }
                public string Identifier { get; set; }
            }

            public class DescribeResourceServerResponse
            {
                public ResourceServerType ResourceServer { get; set; }
            }

            public class UpdateUserPoolClientRequest
            {
                public string UserPoolId { get; set; }
                public string ClientId { get; set; }
                public string ClientName { get; set; }
                public List<string> AllowedOAuthFlows { get; set; }
                public List<string> AllowedOAuthScopes { get; set; }
                public List<string> CallbackURLs { get; set; }
                public List<string> ExplicitAuthFlows { get; set; }
                public int? RefreshTokenValidity { get; set; }
            }

            public class UpdateUserPoolClientResponse
            {
            }
        }
        """;
}
