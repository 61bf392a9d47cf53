using Amazon.Runtime;

namespace ResourceServers.TestTransports;

/// <summary>The HTTP transport alone, built as a client built from the same options builds it.</summary>
internal static class HttpTransports
{
    /// <summary>The transport over <paramref name="httpClient"/> for the Region, endpoint, credentials and body cap of <paramref name="options"/> (and the machine's AWS settings for what they leave unset).</summary>
    /// <exception cref="ArgumentException">The Region or service URL is not allowed.</exception>
    public static CognitoHttpTransport Create(HttpClient httpClient, ResourceServerClientOptions options, TimeProvider? signingClock = null)
    {
        var connection = CognitoConnection.Resolve(options, aws: null, AwsSharedSettings.Sdk);
        return new CognitoHttpTransport(() => httpClient, connection.Endpoint, connection.ResolveCredentialsAsync, signingClock, options.MaxResponseBodyBytes);
    }

    /// <summary>The transport over <paramref name="httpClient"/> to <paramref name="endpoint"/>, asking <paramref name="resolveCredentials"/> for its credentials.</summary>
    public static CognitoHttpTransport Create(HttpClient httpClient, CognitoEndpoint endpoint, Func<CancellationToken, Task<AWSCredentials>> resolveCredentials, TimeProvider? signingClock = null) =>
        new(() => httpClient, endpoint, resolveCredentials, signingClock, ResourceServerClientOptions.DefaultMaxResponseBodyBytes);
}
