namespace ResourceServers.Testing;

/// <summary>A role session the emulator's STS granted: which call, which role, and the access key id it issued (never the secret or token).</summary>
/// <param name="Action">The STS action: <c>AssumeRoleWithWebIdentity</c> or <c>AssumeRole</c>.</param>
/// <param name="RoleArn">The role the caller asked for.</param>
/// <param name="RoleSessionName">The session name the caller gave.</param>
/// <param name="AccessKeyId">The temporary access key id issued for the session.</param>
public sealed record EmulatorRoleSession(string Action, string RoleArn, string RoleSessionName, string AccessKeyId);
