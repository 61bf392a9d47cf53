using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ResourceServers.IntegrationTests.MisbehavingServer;

/// <summary>
/// A Kestrel server on a free loopback port that speaks just enough of Cognito's wire format to misbehave in one
/// chosen way: each test gives it the answer to every request. It records what it received (target, body, the
/// signed headers), so a test can say what reached the server, and what did not.
/// </summary>
internal sealed class MisbehavingCognito : IAsyncDisposable
{
    public const string UserPoolId = "us-east-1_Misbehave1";
    public const string Identifier = "https://api.example.com";
    public const string AccessKey = "AKIAIOSFODNN7EXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public const string SessionToken = "IQoJb3JpZ2luX2VjEXAMPLE/SESSION+TOKEN/value==";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _received = new();

    private MisbehavingCognito(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>How the server answers; the received request is recorded first.</summary>
    public Func<HttpContext, Received, Task> Answer { get; set; } = static (context, _) => Json(context, HttpStatusCode.OK, "{}");

    public Uri Url { get; }

    public IReadOnlyList<Received> Requests => [.. _received];

    public int Count(string operation) => _received.Count(r => r.Operation == operation);

    public static async Task<MisbehavingCognito> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        MisbehavingCognito? server = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var received = new Received(
                context.Request.Headers["X-Amz-Target"].ToString().Split('.').Last(),
                body,
                context.Request.Headers.Authorization.ToString(),
                context.Request.Headers["X-Amz-Security-Token"].ToString(),
                context.Request.Headers["X-Amz-Date"].ToString());
            server!._received.Enqueue(received);
            await server.Answer(context, received);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server = new MisbehavingCognito(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"));
        return server;
    }

    /// <summary>A client of the library's own construction (its redirect-free HttpClient unless one is given) pointed at this server.</summary>
    public ResourceServerClient Client(HttpClient? httpClient = null, ILoggerFactory? loggerFactory = null, Action<ResourceServerClientOptions>? configure = null, System.Diagnostics.Metrics.IMeterFactory? meterFactory = null, TimeProvider? timeProvider = null)
    {
        var options = new ResourceServerClientOptions
        {
            Region = "us-east-1",
            ServiceUrl = Url,
            Credentials = new SessionAWSCredentials(AccessKey, SecretKey, SessionToken),
            Resilience = Resilience.HttpResilienceHarness.FastOptions(),

            // These servers script one operation's answers; the read a plain write makes first is tested in Grants.
            GrantRevocation = GrantRevocation.Allow,
        };
        options.Resilience.MaxAttempts = 3;
        options.Resilience.RetryBudget.Enabled = false;
        configure?.Invoke(options);
        return new ResourceServerClient(options, httpClient: httpClient, loggerFactory: loggerFactory, meterFactory: meterFactory, timeProvider: timeProvider);
    }

    public static Task Json(HttpContext context, HttpStatusCode status, string body)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.Headers["x-amzn-RequestId"] = "req-misbehaving";
        return context.Response.WriteAsync(body, context.RequestAborted);
    }

    public static Task Error(HttpContext context, HttpStatusCode status, string type, string message) =>
        Json(context, status, JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = type, ["message"] = message }));

    /// <summary>A well-formed resource server as Cognito answers it.</summary>
    public static string Server(string userPoolId = UserPoolId, string identifier = Identifier, string name = "orders", int scopes = 1) =>
        JsonSerializer.Serialize(new
        {
            UserPoolId = userPoolId,
            Identifier = identifier,
            Name = name,
            Scopes = Enumerable.Range(0, scopes).Select(i => new { ScopeName = $"scope{i}", ScopeDescription = "d" }),
        });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>One request as the server saw it.</summary>
    /// <param name="Operation">The operation of <c>X-Amz-Target</c>, e.g. <c>UpdateResourceServer</c>.</param>
    /// <param name="Body">The JSON body.</param>
    /// <param name="Authorization">The Authorization header.</param>
    /// <param name="SessionToken">The X-Amz-Security-Token header.</param>
    /// <param name="AmzDate">The X-Amz-Date header: the time the request was signed at.</param>
    internal sealed record Received(string Operation, string Body, string Authorization, string SessionToken, string AmzDate)
    {
        public string? Member(string name) =>
            JsonDocument.Parse(Body).RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
