namespace ResourceServers.Testing;

/// <summary>A role session the emulator granted: which call, which role, and the access key id it issued (never the secret or token).</summary>
/// <param name="Action">The call: STS's <c>AssumeRoleWithWebIdentity</c> or <c>AssumeRole</c>, or the SSO portal's <c>GetRoleCredentials</c>.</param>
/// <param name="RoleArn">The role the caller asked for.</param>
/// <param name="RoleSessionName">The session name the caller gave (<c>sso</c> for the SSO portal).</param>
/// <param name="AccessKeyId">The temporary access key id issued for the session.</param>
public sealed record EmulatorRoleSession(string Action, string RoleArn, string RoleSessionName, string AccessKeyId);
