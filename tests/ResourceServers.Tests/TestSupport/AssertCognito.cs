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

/// <summary>Clients built the way users build them by hand, for tests that want the library's defaults.</summary>
internal static class TestClients
{
    /// <summary>A client over <paramref name="api"/> with the given resilience settings (the defaults when null).</summary>
    public static ResourceServerClient Create(ICognitoResourceServerApi api, ResourceServerResilienceOptions? resilience = null, TimeProvider? timeProvider = null) =>
        new(new ResourceServerClientOptions { Resilience = resilience ?? new ResourceServerResilienceOptions() }, api, timeProvider: timeProvider);
}
