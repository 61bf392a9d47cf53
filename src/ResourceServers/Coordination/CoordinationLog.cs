using Microsoft.Extensions.Logging;

namespace ResourceServers;

/// <summary>The log events of coordination across processes (event ids from 20).</summary>
internal static partial class Log
{
    [LoggerMessage(
        EventId = 20,
        EventName = "CoordinationFallback",
        Level = LogLevel.Warning,
        Message = "Coordination service {Coordinator} unavailable for the {What} of user pool {UserPoolId}, {Key}; going on with local coordination only (FallbackToLocal)")]
    public static partial void CoordinationFallback(ILogger logger, Exception exception, string what, string userPoolId, string key, string coordinator);

    [LoggerMessage(
        EventId = 21,
        EventName = "LeaseLostStartingOver",
        Level = LogLevel.Warning,
        Message = "The lock of resource server {Identifier} in user pool {UserPoolId} was lost before the write ({Coordinator}); nothing written, starting over")]
    public static partial void LeaseLostStartingOver(ILogger logger, string userPoolId, string identifier, string coordinator);
}
