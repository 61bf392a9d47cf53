using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly;
using ResourceServers.Wire;
using Xunit;

namespace ResourceServers.Tests;

/// <summary>Assertions on service errors, which are one type told apart by <see cref="CognitoServiceException.ErrorCode"/>.</summary>
internal static class AssertCognito
{
    /// <summary>Asserts that <paramref name="call"/> fails with a service error of <paramref name="errorCode"/>.</summary>
    public static async Task<CognitoServiceException> ThrowsAsync(string errorCode, Func<Task> call)
    {
        var error = await Assert.ThrowsAnyAsync<CognitoServiceException>(call);
        Assert.Equal(errorCode, error.ErrorCode);
        return error;
    }

    /// <summary>Asserts that <paramref name="call"/> fails with a service error of <paramref name="errorCode"/>.</summary>
    public static CognitoServiceException Throws(string errorCode, Action call)
    {
        var error = Assert.ThrowsAny<CognitoServiceException>(call);
        Assert.Equal(errorCode, error.ErrorCode);
        return error;
    }

    /// <summary>Asserts that <paramref name="exception"/> is a service error of <paramref name="errorCode"/>.</summary>
    public static CognitoServiceException IsError(string errorCode, Exception? exception)
    {
        var error = Assert.IsAssignableFrom<CognitoServiceException>(exception);
        Assert.Equal(errorCode, error.ErrorCode);
        return error;
    }
}

/// <summary>Clients built the way users build them (by hand, or registered), for the facade's tests.</summary>
internal static class TestClients
{
    /// <summary>
    /// A client over <paramref name="api"/> registered as users register one with a pipeline of their own under
    /// <see cref="ResourceServerResilience.PipelineKey"/>: <paramref name="pipeline"/>, or one that does nothing (no
    /// retries, no timeouts), so facade tests see the facade's own logic. No pacing.
    /// </summary>
    public static ResourceServerClient Over(ICognitoResourceServerApi api, ResiliencePipeline? pipeline = null, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null, int? defaultPageSize = null)
    {
        var services = new ServiceCollection();
        services.AddResiliencePipeline(ResourceServerResilience.PipelineKey, builder =>
        {
            if (pipeline is not null)
            {
                builder.AddPipeline(pipeline);
            }
        });
        if (loggerFactory is not null)
        {
            services.AddSingleton(loggerFactory);
        }

        if (meterFactory is not null)
        {
            services.AddSingleton(meterFactory);
        }

        services.AddResourceServerClient(options =>
        {
            options.Resilience.Pacing.Enabled = false;
            options.DefaultPageSize = defaultPageSize;
        }).UseApi(_ => api);
        return (ResourceServerClient)services.BuildServiceProvider().GetRequiredService<IResourceServerClient>();
    }

    /// <summary>Turns pacing off in <paramref name="resilience"/>, for tests of the pipeline alone; returns it.</summary>
    public static ResourceServerResilienceOptions Unpaced(ResourceServerResilienceOptions resilience)
    {
        resilience.Pacing.Enabled = false;
        return resilience;
    }

    /// <summary>A client over <paramref name="api"/> with the given resilience settings (the defaults when null).</summary>
    public static ResourceServerClient Create(ICognitoResourceServerApi api, ResourceServerResilienceOptions? resilience = null, TimeProvider? timeProvider = null) =>
        new(new ResourceServerClientOptions { Resilience = resilience ?? new ResourceServerResilienceOptions() }, api, timeProvider: timeProvider);
}
