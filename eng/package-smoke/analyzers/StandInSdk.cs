// Stand-ins for the AWS SDK's Cognito types, with the SDK's namespaces, names and shapes: the analyzers match them by
// metadata name, as they match the SDK's own.
namespace Amazon.CognitoIdentityProvider
{
    using Amazon.CognitoIdentityProvider.Model;

    public interface IAmazonCognitoIdentityProvider
    {
        Task<DescribeResourceServerResponse> DescribeResourceServerAsync(DescribeResourceServerRequest request, CancellationToken cancellationToken = default);

        Task<UpdateResourceServerResponse> UpdateResourceServerAsync(UpdateResourceServerRequest request, CancellationToken cancellationToken = default);

        Task<UpdateUserPoolClientResponse> UpdateUserPoolClientAsync(UpdateUserPoolClientRequest request, CancellationToken cancellationToken = default);
    }
}

namespace Amazon.CognitoIdentityProvider.Model
{
    public class ResourceServerScopeType
    {
        public string? ScopeName { get; set; }
        public string? ScopeDescription { get; set; }
    }

    public class ResourceServerType
    {
        public string? Name { get; set; }
        public List<ResourceServerScopeType>? Scopes { get; set; }
    }

    public class DescribeResourceServerRequest
    {
        public string? UserPoolId { get; set; }
        public string? Identifier { get; set; }
    }

    public class DescribeResourceServerResponse
    {
        public ResourceServerType? ResourceServer { get; set; }
    }

    public class UpdateResourceServerRequest
    {
        public string? UserPoolId { get; set; }
        public string? Identifier { get; set; }
        public string? Name { get; set; }
        public List<ResourceServerScopeType>? Scopes { get; set; }
    }

    public class UpdateResourceServerResponse
    {
        public ResourceServerType? ResourceServer { get; set; }
    }

    public class UpdateUserPoolClientRequest
    {
        public string? UserPoolId { get; set; }
        public string? ClientId { get; set; }
        public string? ClientName { get; set; }
        public List<string>? AllowedOAuthScopes { get; set; }
        public List<string>? CallbackURLs { get; set; }
    }

    public class UpdateUserPoolClientResponse
    {
    }
}
