using System.Globalization;
using Amazon.Extensions.NETCore.Setup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Telemetry;
using ResourceServers;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="IResourceServerClient"/> in a service collection.</summary>
/// <remarks>
/// <para>Each registration adds: the client as a thread-safe singleton (paced once, so all of its calls share
/// Cognito's quota); <see cref="ResourceServerClientOptions"/> validated at start-up; a named <see cref="HttpClient"/>
/// from <c>IHttpClientFactory</c> that follows no redirects (a redirected request would not be re-signed), has no
/// timeout of its own (timeouts are the pipeline's) and none of IHttpClientFactory's default loggers (their structured
/// state carries raw header values, signatures and session tokens included); and the resilience pipeline, with
/// Polly's telemetry, in Polly's registry. Registering the same client again adds configuration, never a second
/// set of services.</para>
/// <para>Region, profile, credentials and service URL not set in the options are taken from <c>AWSOptions</c> when
/// it is registered (<c>services.AddDefaultAWSOptions(configuration.GetAWSOptions())</c>).</para>
/// </remarks>
public static class ResourceServerServiceCollectionExtensions
{
    /// <summary>Registers the default <see cref="IResourceServerClient"/> (if none is registered yet) with default options.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>A builder to chain further configuration.</returns>
    public static IResourceServerClientBuilder AddResourceServerClient(this IServiceCollection services) =>
        Register(services, Options.Options.DefaultName, serviceKey: null);

    /// <summary>Registers the default <see cref="IResourceServerClient"/> (if none is registered yet), configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder to chain further configuration.</returns>
    public static IResourceServerClientBuilder AddResourceServerClient(this IServiceCollection services, Action<ResourceServerClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddResourceServerClient(services).Configure(configure);
    }

    /// <summary>Registers the default <see cref="IResourceServerClient"/> (if none is registered yet), bound from configuration.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind, usually <c>configuration.GetSection(ResourceServerClientOptions.SectionName)</c>.</param>
    /// <returns>A builder to chain further configuration.</returns>
    public static IResourceServerClientBuilder AddResourceServerClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddResourceServerClient(services).Bind(configuration);
    }

    /// <summary>
    /// Registers an <see cref="IResourceServerClient"/> under <paramref name="serviceKey"/>, to be injected with
    /// <c>[FromKeyedServices(serviceKey)]</c>: one application can talk to several accounts or Regions. Each keyed
    /// client has its own options (named after the key), HTTP client, pipeline and pacing.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key; its text names the options, the HTTP client (<c>ResourceServers:{key}</c>) and the pipeline.</param>
    /// <returns>A builder to chain further configuration.</returns>
    /// <exception cref="ArgumentException">The key's text is empty.</exception>
    public static IResourceServerClientBuilder AddKeyedResourceServerClient(this IServiceCollection services, object serviceKey)
    {
        ArgumentNullException.ThrowIfNull(serviceKey);
        var name = Convert.ToString(serviceKey, CultureInfo.InvariantCulture);
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("The service key's text names the client's options and HTTP client, so it must not be empty.", nameof(serviceKey));
        }

        return Register(services, name, serviceKey);
    }

    /// <summary>Registers an <see cref="IResourceServerClient"/> under <paramref name="serviceKey"/>, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key (see <see cref="AddKeyedResourceServerClient(IServiceCollection, object)"/>).</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder to chain further configuration.</returns>
    public static IResourceServerClientBuilder AddKeyedResourceServerClient(this IServiceCollection services, object serviceKey, Action<ResourceServerClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddKeyedResourceServerClient(services, serviceKey).Configure(configure);
    }

    /// <summary>Registers an <see cref="IResourceServerClient"/> under <paramref name="serviceKey"/>, bound from configuration.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key (see <see cref="AddKeyedResourceServerClient(IServiceCollection, object)"/>).</param>
    /// <param name="configuration">The section to bind.</param>
    /// <returns>A builder to chain further configuration.</returns>
    public static IResourceServerClientBuilder AddKeyedResourceServerClient(this IServiceCollection services, object serviceKey, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddKeyedResourceServerClient(services, serviceKey).Bind(configuration);
    }

    /// <summary>
    /// Polly's telemetry as the application configured it (its metrics and enrichers), without its log lines for this
    /// pipeline: the client logs each retry as one warning line without a stack and the failure that ends a call once,
    /// the same whether it was built by hand or here, so Polly's attempt and retry lines would say it all again.
    /// </summary>
    private static TelemetryOptions QuietTelemetry(IServiceProvider services)
    {
        var configured = services.GetService<IOptions<TelemetryOptions>>()?.Value;
        var telemetry = configured is null ? new TelemetryOptions() : new TelemetryOptions(configured);
        telemetry.LoggerFactory = Logging.Abstractions.NullLoggerFactory.Instance;
        telemetry.ResultFormatter = static (_, _) => null;
        return telemetry;
    }

    /// <summary>
    /// Binds the client's section of the application's <see cref="IConfiguration"/>, when one is registered (as every
    /// host registers it): <c>ResourceServers</c> for the default client, <c>ResourceServers:{key}</c> for a keyed one.
    /// So appsettings.json and <c>ResourceServers__Region</c> work with no call; configuration in code and sections
    /// bound with <c>Bind</c> apply after it. Unknown keys in the section fail validation as they do under <c>Bind</c>.
    /// </summary>
    /// <summary>The section of the application's configuration a registration binds: <c>ResourceServers</c>, or <c>ResourceServers:{key}</c>.</summary>
    private static string SectionPath(string name) =>
        name.Length == 0 ? ResourceServerClientOptions.SectionName : ConfigurationPath.Combine(ResourceServerClientOptions.SectionName, name);

    private static void BindApplicationConfiguration(IServiceCollection services, string name)
    {
        var path = SectionPath(name);
        services.AddSingleton<IConfigureOptions<ResourceServerClientOptions>>(sp => new ConfigureNamedOptions<ResourceServerClientOptions>(name, options =>
        {
            if (sp.GetService<IConfiguration>() is { } configuration)
            {
                new ConfigurationWithoutCredentials(configuration.GetSection(path)).Bind(options);
            }
        }));
        services.AddSingleton<IOptionsChangeTokenSource<ResourceServerClientOptions>>(sp =>
            new ConfigurationChangeTokenSource<ResourceServerClientOptions>(name, (IConfiguration?)sp.GetService<IConfiguration>()?.GetSection(path) ?? new ConfigurationRoot([])));
        services.AddSingleton<IValidateOptions<ResourceServerClientOptions>>(sp =>
        {
            // The default client's section holds the keyed clients' sections; those are theirs to check, not unknown keys.
            var keyed = sp.GetServices<ResourceServerClientRegistration>().Select(r => r.Name).Where(n => n.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var section = sp.GetService<IConfiguration>()?.GetSection(path);

            // The same section also given to Bind is checked there; checked here too, each unknown key would show twice.
            var boundAgain = sp.GetServices<ExplicitlyBoundSection>().Any(b => b.Name == name && string.Equals(b.Path, path, StringComparison.OrdinalIgnoreCase));
            return section is null || boundAgain
                ? new ConfigurationKeysValidator(name, new ConfigurationRoot([]))
                : new ConfigurationKeysValidator(name, section, name.Length == 0 ? keyed : []);
        });
    }

    private static ResourceServerClientBuilder Register(IServiceCollection services, string name, object? serviceKey)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new ResourceServerClientBuilder(services, name, serviceKey);
        if (services.Any(d => d.ServiceType == typeof(ResourceServerClientRegistration) && d.ImplementationInstance is ResourceServerClientRegistration r && r.Name == name))
        {
            return builder;
        }

        services.AddSingleton(new ResourceServerClientRegistration(name));

        services.AddOptions<ResourceServerClientOptions>(name).ValidateOnStart();
        BindApplicationConfiguration(services, name);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ResourceServerClientOptions>, ResourceServerClientOptionsValidator>(
            static sp =>
            {
                // A client whose wire port UseApi replaced (the test kit, an adapter) needs no Region.
                var wiring = sp.GetRequiredService<IOptionsMonitor<ResourceServerClientWiring>>();
                return new ResourceServerClientOptionsValidator(sp.GetService<AWSOptions>(), n => wiring.Get(n ?? Options.Options.DefaultName).ApiFactory is null);
            }));

        services.AddHttpClient(builder.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { AllowAutoRedirect = false })
            .ConfigureHttpClient(static client => client.Timeout = Timeout.InfiniteTimeSpan)

            // IHttpClientFactory's default loggers redact header values in the message text but hand the raw values
            // (Authorization, X-Amz-Security-Token) to structured log state; the client's own telemetry replaces them.
            .RemoveAllLoggers()
            .RedactLoggedHeaders(static _ => true);

        var pipelineKey = builder.PipelineKey;
        var httpClientName = builder.HttpClientName;
        services.AddResiliencePipeline(pipelineKey, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptionsMonitor<ResourceServerClientOptions>>().Get(name);
            if (context.ServiceProvider.GetService<TimeProvider>() is { } timeProvider)
            {
                pipeline.TimeProvider = timeProvider;
            }

            pipeline.AddResourceServerResilience(options.Resilience);
            pipeline.ConfigureTelemetry(QuietTelemetry(context.ServiceProvider));
        });

        if (serviceKey is null)
        {
            services.TryAddSingleton<IResourceServerClient>(sp => ResourceServerClientFactory.Create(sp, name, httpClientName, pipelineKey));
        }
        else
        {
            services.TryAddKeyedSingleton<IResourceServerClient>(serviceKey, (sp, _) => ResourceServerClientFactory.Create(sp, name, httpClientName, pipelineKey));
        }

        return builder;
    }
}
