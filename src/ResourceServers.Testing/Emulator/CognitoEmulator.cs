using System.Globalization;
using System.Net;
using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ResourceServers.Testing;

/// <summary>
/// A local Amazon Cognito endpoint for tests and samples: an <see cref="InMemoryCognito"/> served over HTTP on
/// 127.0.0.1 with the real awsJson1_1 protocol, including SigV4 verification of every request. Point any AWS client
/// at <see cref="ServiceUrl"/> with <see cref="Credentials"/> and <see cref="Region"/>.
/// </summary>
/// <remarks>
/// Serves CreateResourceServer, DescribeResourceServer, ListResourceServers, UpdateResourceServer and
/// DeleteResourceServer, plus CreateUserPool, DescribeUserPool, ListUserPools and DeleteUserPool so a pool can be
/// made from outside (for example with the AWS CLI). Requests signed with other credentials, another region or
/// service, or a clock more than 15 minutes off are refused with the errors AWS sends.
/// Listens on loopback only and logs nothing unless <see cref="CognitoEmulatorOptions.ConfigureLogging"/> says so.
/// </remarks>
public sealed class CognitoEmulator : IAsyncDisposable
{
    /// <summary>The service name credential scopes must name.</summary>
    public const string SigningServiceName = "cognito-idp";

    private readonly WebApplication _app;
    private int _disposed;

    private CognitoEmulator(WebApplication app, Uri serviceUrl, string region, AWSCredentials credentials, string accessKeyId, InMemoryCognito cognito)
    {
        _app = app;
        ServiceUrl = serviceUrl;
        Region = region;
        Credentials = credentials;
        AccessKeyId = accessKeyId;
        Cognito = cognito;
    }

    /// <summary>
    /// The role sessions the emulator granted, oldest first. The emulator answers STS's
    /// <c>AssumeRoleWithWebIdentity</c> and <c>AssumeRole</c> (point <c>AWS_ENDPOINT_URL_STS</c> at
    /// <see cref="ServiceUrl"/>) and the SSO portal's <c>GetRoleCredentials</c> for a cached SSO login
    /// (<c>AWS_ENDPOINT_URL_SSO</c>) with temporary credentials that it then accepts, session token included.
    /// </summary>
    public IReadOnlyList<EmulatorRoleSession> RoleSessions => Sts.Sessions;

    private SecurityTokenService Sts { get; init; } = null!;

    /// <summary>The endpoint, <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri ServiceUrl { get; }

    /// <summary>The region requests must be signed for, e.g. <c>us-east-1</c>.</summary>
    public string Region { get; }

    /// <summary>Credentials the emulator accepts (session credentials when a session token was configured).</summary>
    public AWSCredentials Credentials { get; }

    /// <summary>The access key id the emulator accepts.</summary>
    public string AccessKeyId { get; }

    /// <summary>The Cognito being served: seed it, inject faults or read its statistics directly.</summary>
    public InMemoryCognito Cognito { get; }

    /// <summary>Starts an emulator and returns once it accepts connections.</summary>
    /// <param name="options">Settings; null for the defaults (ephemeral port, <c>us-east-1</c>, the documented test keys).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to stop it.</returns>
    /// <exception cref="ArgumentException">An option is out of range, or <see cref="CognitoEmulatorOptions.Region"/> disagrees with the given Cognito's region.</exception>
    public static async Task<CognitoEmulator> StartAsync(CognitoEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new CognitoEmulatorOptions();
        var region = ResolveRegion(options);
        Validate(options);

        var cognito = options.Cognito ?? new InMemoryCognito(new InMemoryCognitoOptions
        {
            Region = region,
            TimeProvider = options.TimeProvider,
            EnforceRateQuotas = options.EnforceRateQuotas,
            QuotaModel = options.QuotaModel,
        });
        var sts = new SecurityTokenService(options.AccessKeyId, options.SecretAccessKey, options.SessionToken, options.TimeProvider);
        var verifier = new SigV4Verifier(options.AccessKeyId, options.SecretAccessKey, options.SessionToken, sts.Find, region, SigningServiceName, options.TimeProvider);

        // The empty builder reads no appsettings, environment variables (ASPNETCORE_URLS) or command line, so the
        // emulator cannot be re-bound or made noisy by the process it runs in.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(CognitoEmulator).Assembly.GetName().Name });
        builder.Services.AddSingleton<IHostLifetime, EmulatorHostLifetime>();
        builder.Logging.ClearProviders();
        options.ConfigureLogging?.Invoke(builder.Logging);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // The handler enforces MaxRequestBodyBytes itself so it can answer in the service's error format.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen => listen.Protocols = HttpProtocols.Http1);
        });

        var app = builder.Build();
        var handler = new EmulatorRequestHandler(cognito, verifier, options.MaxRequestBodyBytes, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<CognitoEmulator>(), options.TimeProvider, sts)
        {
            Latency = (options.Latency, options.MaxLatency ?? options.Latency),
        };
        app.Run(handler.HandleAsync);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var port = new Uri(address).Port;
        var serviceUrl = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
        AWSCredentials credentials = options.SessionToken is null
            ? new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey)
            : new SessionAWSCredentials(options.AccessKeyId, options.SecretAccessKey, options.SessionToken);
        return new CognitoEmulator(app, serviceUrl, region, credentials, options.AccessKeyId, cognito) { Sts = sts };
    }

    /// <summary>Stops listening and releases the port. Safe to call more than once.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static string ResolveRegion(CognitoEmulatorOptions options)
    {
        if (options.Region is not null && options.Cognito is not null
            && !string.Equals(options.Region, options.Cognito.Region, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"CognitoEmulatorOptions.Region ('{options.Region}') must match the region of CognitoEmulatorOptions.Cognito ('{options.Cognito.Region}'); leave Region null to use the Cognito's.",
                nameof(options));
        }

        return options.Region ?? options.Cognito?.Region ?? CognitoEmulatorOptions.DefaultRegion;
    }

    private static void Validate(CognitoEmulatorOptions options)
    {
        if (options.Port is < 0 or > IPEndPoint.MaxPort)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"CognitoEmulatorOptions.Port must be 0 (ephemeral) or a port in 1..65535; it was {options.Port}."), nameof(options));
        }

        if (string.IsNullOrWhiteSpace(options.Region ?? CognitoEmulatorOptions.DefaultRegion))
        {
            throw new ArgumentException("CognitoEmulatorOptions.Region must not be blank.", nameof(options));
        }

        if (string.IsNullOrWhiteSpace(options.AccessKeyId))
        {
            throw new ArgumentException("CognitoEmulatorOptions.AccessKeyId must not be blank.", nameof(options));
        }

        if (string.IsNullOrEmpty(options.SecretAccessKey))
        {
            // The value itself is never part of a message.
            throw new ArgumentException("CognitoEmulatorOptions.SecretAccessKey must not be empty.", nameof(options));
        }

        if (options.SessionToken is { Length: 0 })
        {
            throw new ArgumentException("CognitoEmulatorOptions.SessionToken must be null (no token) or non-empty.", nameof(options));
        }

        if (options.Latency < TimeSpan.Zero || options.Latency > InMemoryCognitoOptions.MaxDelay)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"CognitoEmulatorOptions.Latency must be between zero and 10 seconds; it was {options.Latency}."), nameof(options));
        }

        if (options.MaxLatency is { } max && (max < options.Latency || max > InMemoryCognitoOptions.MaxDelay))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"CognitoEmulatorOptions.MaxLatency must be at least Latency ({options.Latency}) and at most 10 seconds; it was {max}."), nameof(options));
        }

        if (options.MaxRequestBodyBytes <= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"CognitoEmulatorOptions.MaxRequestBodyBytes must be positive; it was {options.MaxRequestBodyBytes}."), nameof(options));
        }

        ArgumentNullException.ThrowIfNull(options.TimeProvider, "options.TimeProvider");

        // The quota settings shape the Cognito the emulator creates; a given Cognito has its own, fixed when it was made.
        if (options.Cognito is not null && (options.EnforceRateQuotas || options.QuotaModel != CognitoQuotaModel.TokenBucket))
        {
            throw new ArgumentException(
                "CognitoEmulatorOptions.EnforceRateQuotas and QuotaModel apply to the Cognito the emulator creates; with CognitoEmulatorOptions.Cognito given, set them on its InMemoryCognitoOptions instead.",
                nameof(options));
        }

        if (!Enum.IsDefined(options.QuotaModel))
        {
            throw new ArgumentException($"CognitoEmulatorOptions.QuotaModel must be TokenBucket or FixedWindow; it was {(int)options.QuotaModel}.", nameof(options));
        }
    }
}
