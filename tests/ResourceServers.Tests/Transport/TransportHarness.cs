using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using ResourceServers.TestTransports;
using ResourceServers.Tests.TestSupport;

namespace ResourceServers.Tests.Transport;

/// <summary>Builds a transport over a <see cref="RecordingHandler"/> with fixed credentials and a fake clock.</summary>
internal static class TransportHarness
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string SessionToken = "FwoGZXIvYXdzEXAMPLE-session-token//+=";

    public static readonly DateTimeOffset VectorTime = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static AWSCredentials Basic => new BasicAWSCredentials(AccessKey, SecretKey);

    public static AWSCredentials Session => new SessionAWSCredentials(AccessKey, SecretKey, SessionToken);

    public static CognitoHttpTransport Create(
        RecordingHandler handler,
        AWSCredentials? credentials = null,
        TimeProvider? time = null,
        string region = "us-east-1",
        Uri? serviceUrl = null) =>
        HttpTransports.Create(new HttpClient(handler), new ResourceServerClientOptions { Region = region, ServiceUrl = serviceUrl, Credentials = credentials ?? Basic }, time ?? new FakeTimeProvider(VectorTime));
}
