namespace ResourceServers.Testing;

/// <summary>What happened to the calls of one operation, as counted by <see cref="CognitoCallStatistics"/>.</summary>
/// <param name="Received">Every call received, whatever its outcome.</param>
/// <param name="Succeeded">Calls that completed and answered a result.</param>
/// <param name="Throttled">Calls answered <c>TooManyRequestsException</c>, by the rate quotas or by an injected <see cref="FaultKind.TooManyRequests"/> fault.</param>
/// <param name="FailedByFault">Calls failed by the <see cref="FaultPlan"/>, of any <see cref="FaultKind"/>.</param>
public readonly record struct CognitoOperationCallCounts(long Received, long Succeeded, long Throttled, long FailedByFault);
