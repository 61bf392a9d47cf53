using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ResourceServers.IntegrationTests.Configuration;

/// <summary>
/// The EC2 instance metadata service (IMDSv2) on a loopback port, as much of it as the SDKs read for a Region and
/// instance-role credentials: a session token for a PUT, the instance identity document, the role and its
/// credentials. Children reach it through <c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c>.
/// </summary>
internal sealed class FakeInstanceMetadata : IAsyncDisposable
{
    public const string Role = "instance-role";
    private const string Token = "imds-session-token";
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _paths = new();

    private FakeInstanceMetadata(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>The paths asked for, in order.</summary>
    public IReadOnlyList<string> Paths => [.. _paths];

    public static async Task<FakeInstanceMetadata> StartAsync(string region, string accessKeyId, string secretAccessKey, string sessionToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var metadata = new FakeInstanceMetadata(app);
        app.Run(async context =>
        {
            // The .NET SDK appends "/latest/..." to the endpoint as given, the CLI needs it to end in '/': both are served.
            var path = "/" + (context.Request.Path.Value ?? "/").TrimStart('/');
            metadata._paths.Enqueue($"{context.Request.Method} {path}");
            if (HttpMethods.IsPut(context.Request.Method) && path == "/latest/api/token")
            {
                await context.Response.WriteAsync(Token);
                return;
            }

            if (context.Request.Headers["X-aws-ec2-metadata-token"] != Token)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            var body = path.TrimEnd('/') switch
            {
                "/latest/dynamic/instance-identity/document" => JsonSerializer.Serialize(new { region, accountId = "123456789012", instanceId = "i-0123456789abcdef0" }),
                "/latest/meta-data/placement/region" => region,
                "/latest/meta-data/placement/availability-zone" => region + "a",
                "/latest/meta-data/iam/security-credentials" or "/latest/meta-data/iam/security-credentials-extended" => Role,
                "/latest/meta-data/iam/security-credentials/" + Role or "/latest/meta-data/iam/security-credentials-extended/" + Role => JsonSerializer.Serialize(new
                {
                    Code = "Success",
                    LastUpdated = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                    Type = "AWS-HMAC",
                    AccessKeyId = accessKeyId,
                    SecretAccessKey = secretAccessKey,
                    Token = sessionToken,
                    Expiration = DateTime.UtcNow.AddHours(6).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                }),
                "/latest/meta-data/iam/info" => JsonSerializer.Serialize(new { Code = "Success", InstanceProfileArn = "arn:aws:iam::123456789012:instance-profile/" + Role }),
                _ => null,
            };
            if (body is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await context.Response.WriteAsync(body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        metadata.Url = new Uri($"http://127.0.0.1:{new Uri(address).Port}/");
        return metadata;
    }

    /// <summary>Lets a set-up's children use this service instead of none.</summary>
    public void Serve(AwsSetup setup) =>
        setup.Set("AWS_EC2_METADATA_DISABLED", "false").Set("AWS_EC2_METADATA_SERVICE_ENDPOINT", Url.ToString());

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
