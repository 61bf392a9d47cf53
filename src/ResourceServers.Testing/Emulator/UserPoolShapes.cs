using System.Text.Json.Serialization;

namespace ResourceServers.Testing;

// The user-pool operations the emulator serves so that tools (the AWS CLI, an SDK) can make a pool to hold resource
// servers. Members and casing are the service model's; timestamps are epoch seconds, as awsJson1_1 sends them.

internal sealed record CreateUserPoolInput
{
    public required string PoolName { get; init; }
}

internal sealed record UserPoolIdInput
{
    public required string UserPoolId { get; init; }
}

internal sealed record UserPoolOutput(UserPoolShape UserPool);

internal sealed record UserPoolShape(
    string Id,
    string Name,
    string Arn,
    decimal CreationDate,
    decimal LastModifiedDate,
    UserPoolPoliciesShape Policies,
    LambdaConfigShape LambdaConfig,
    string DeletionProtection,
    string MfaConfiguration,
    int EstimatedNumberOfUsers,
    AdminCreateUserConfigShape AdminCreateUserConfig);

internal sealed record UserPoolPoliciesShape(PasswordPolicyShape PasswordPolicy);

/// <summary>The password policy a pool created without one gets.</summary>
internal sealed record PasswordPolicyShape(
    int MinimumLength = 8,
    bool RequireUppercase = true,
    bool RequireLowercase = true,
    bool RequireNumbers = true,
    bool RequireSymbols = true,
    int TemporaryPasswordValidityDays = 7);

internal sealed record AdminCreateUserConfigShape(bool AllowAdminCreateUserOnly = false, int UnusedAccountValidityDays = 7);

/// <summary>Serialized as <c>{}</c>: a new pool has no triggers.</summary>
internal sealed record LambdaConfigShape;

internal sealed record ErrorBody(
    [property: JsonPropertyName("__type")] string Type,
    [property: JsonPropertyName("message")] string? Message);
