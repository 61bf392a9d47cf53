namespace ResourceServers;

/// <summary>
/// One limit Cognito counts a call against, as <see cref="ResourceServerCoordination.SharedPacing"/> is asked for it:
/// a rate category of the account and Region, or one operation on one user pool.
/// </summary>
/// <param name="Key">
/// The limit's partition key, unique per limit and stable across processes, e.g.
/// <c>resourceservers:pace:cognito-idp.eu-west-1.amazonaws.com:UserPoolResourceUpdate</c> or
/// <c>...:UpdateResourceServer:eu-west-1_AbC123</c>.
/// </param>
/// <param name="PermitsPerSecond">The rate, from <see cref="ResourceServerPacingOptions"/>.</param>
public sealed record CognitoRateLimit(string Key, int PermitsPerSecond);
