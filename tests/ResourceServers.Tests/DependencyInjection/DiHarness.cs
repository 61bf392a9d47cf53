using System.Net;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using ResourceServers.Tests.TestSupport;

namespace ResourceServers.Tests.DependencyInjection;

/// <summary>Helpers for resolving the client from a container with the wire replaced by a recording handler.</summary>
internal static class DiHarness
{
    public const string Pool = "us-east-1_Harness01";
    public const string Identifier = "https://api.example.com";
    public const string AccessKey = "AKIDDIHARNESS";
    public const string SecretKey = "di/harness/secret/key/EXAMPLE";

    public static AWSCredentials Credentials => new BasicAWSCredentials(AccessKey, SecretKey);

    public static string DescribeBody(string pool = Pool, string identifier = Identifier) =>
        $$$"""{"ResourceServer":{"UserPoolId":"{{{pool}}}","Identifier":"{{{identifier}}}","Name":"API","Scopes":[]}}""";

    /// <summary>Answers every request with a resource server, as DescribeResourceServer would.</summary>
    public static RecordingHandler DescribeHandler() => new(_ => RecordingHandler.Json(HttpStatusCode.OK, DescribeBody()));

    /// <summary>Sends the registration's HTTP traffic to <paramref name="handler"/> instead of the network.</summary>
    public static IResourceServerClientBuilder WithHandler(this IResourceServerClientBuilder builder, HttpMessageHandler handler) =>
        builder.ConfigureHttpClient(http => http.ConfigurePrimaryHttpMessageHandler(() => handler));

    /// <summary>The value of <c>Credential=</c> in a SigV4 Authorization header: <c>{key}/{date}/{region}/{service}/aws4_request</c>.</summary>
    public static string CredentialScope(RecordedRequest request)
    {
        var authorization = request.Header("Authorization") ?? throw new InvalidOperationException("The request was not signed.");
        var start = authorization.IndexOf("Credential=", StringComparison.Ordinal) + "Credential=".Length;
        return authorization[start..authorization.IndexOf(',', start)];
    }

    public static ServiceProvider Build(this IServiceCollection services) =>
        services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
}
