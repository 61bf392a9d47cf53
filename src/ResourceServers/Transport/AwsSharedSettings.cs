using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace ResourceServers;

/// <summary>
/// What the machine says where the client's own settings are silent: the environment, the shared config and
/// credentials files, instance metadata. Read through AWSSDK.Core's own classes, so each source means what it means to
/// the AWS SDK for .NET; the one addition is <c>AWS_DEFAULT_REGION</c>, which the AWS CLI honours after
/// <c>AWS_REGION</c> and the .NET SDK does not read.
/// </summary>
/// <remarks>
/// Passed to <see cref="CognitoConnection.Resolve"/> rather than read there, so the merge of these with the client's
/// settings can be checked against made values as well as against the machine's (<see cref="Sdk"/>).
/// </remarks>
/// <param name="region">The Region found for a profile, and where it was found.</param>
/// <param name="endpointUrl">The endpoint URL configured for Cognito in the environment or the profile, and where.</param>
/// <param name="defaultCredentials">The kind of credentials the SDK's default chain will find, described without resolving them.</param>
/// <param name="profileName">The profile in force when none is named in code: <c>AWS_PROFILE</c>, else <c>default</c>.</param>
internal sealed class AwsSharedSettings(
    Func<AwsProfileRef, Found<RegionEndpoint>?> region,
    Func<AwsProfileRef, Found<string>?> endpointUrl,
    Func<AwsProfileRef, string> defaultCredentials,
    Func<string> profileName)
{
    /// <summary>The service id of Cognito user pools in the AWS service model: it names <c>AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER</c> and the <c>cognito_identity_provider</c> key of a profile's <c>services</c> section.</summary>
    public const string ServiceId = "Cognito Identity Provider";

    private const string DefaultRegionVariable = "AWS_DEFAULT_REGION";

    /// <summary>The machine's settings, read through AWSSDK.Core.</summary>
    public static AwsSharedSettings Sdk { get; } = new(SdkRegion, SdkEndpointUrl, SdkDefaultCredentials, SdkProfileName);

    public Found<RegionEndpoint>? Region(AwsProfileRef profile) => region(profile);

    public Found<string>? EndpointUrl(AwsProfileRef profile) => endpointUrl(profile);

    public string DefaultCredentials(AwsProfileRef profile) => defaultCredentials(profile);

    public string DefaultProfileName => profileName();

    /// <summary>The profile, if the shared files hold it.</summary>
    public static CredentialProfile? FindProfile(AwsProfileRef profile) =>
        new CredentialProfileStoreChain(profile.Location).TryGetProfile(profile.Name, out var found) ? found : null;

    /// <summary>The kind of credentials a profile yields, named as the AWS documentation names them; never a key.</summary>
    public static string DescribeProfileCredentials(CredentialProfile profile)
    {
        var options = profile.Options;
        return options switch
        {
            { RoleArn.Length: > 0, WebIdentityTokenFile.Length: > 0 } => "web identity (profile)",
            { RoleArn.Length: > 0, CredentialSource.Length: > 0 } => $"assume role from {options.CredentialSource}",
            { RoleArn.Length: > 0, SourceProfile.Length: > 0 } => $"assume role from profile {options.SourceProfile}",
            { RoleArn.Length: > 0 } => "assume role",
            { SsoSession.Length: > 0 } or { SsoStartUrl.Length: > 0 } => "sso",
            { CredentialProcess.Length: > 0 } => "credential process",
            { AccessKey.Length: > 0, Token.Length: > 0 } => "static session (profile)",
            { AccessKey.Length: > 0 } => "static (profile)",
            _ => "none in profile",
        };
    }

    // Explicit option and AWSOptions aside, the AWS CLI's order: AWS_REGION, AWS_DEFAULT_REGION, the profile's region,
    // instance metadata. The SDK's classes read the first, third and fourth.
    private static Found<RegionEndpoint>? SdkRegion(AwsProfileRef profile)
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariableAWSRegion.ENVIRONMENT_VARIABLE_REGION) is { Length: > 0 })
        {
            return new Found<RegionEndpoint>(new EnvironmentVariableAWSRegion().Region, EnvironmentVariableAWSRegion.ENVIRONMENT_VARIABLE_REGION);
        }

        if (Environment.GetEnvironmentVariable(DefaultRegionVariable) is { Length: > 0 } defaultRegion)
        {
            return new Found<RegionEndpoint>(RegionEndpoint.GetBySystemName(defaultRegion.Trim()), DefaultRegionVariable);
        }

        try
        {
            if (new ProfileAWSRegion(new CredentialProfileStoreChain(profile.Location), profile.Name).Region is { } fromProfile)
            {
                return new Found<RegionEndpoint>(fromProfile, $"profile {profile.Name}");
            }
        }
        catch (InvalidOperationException)
        {
            // No such profile, or no region in it: the next source decides.
        }

        return InstanceMetadataRegion.Value;
    }

    // An instance's Region never changes, and off EC2 each attempt waits for the metadata service's timeouts: asked
    // once per process (start-up validation and the client itself both need the Region).
    private static readonly Lazy<Found<RegionEndpoint>?> InstanceMetadataRegion = new(AskInstanceMetadataForRegion);

    private static Found<RegionEndpoint>? AskInstanceMetadataForRegion()
    {
        // The SDK honours AWS_EC2_METADATA_DISABLED itself; checked here too so that a machine without instance
        // metadata costs no connection attempt at all.
        if (string.Equals(Environment.GetEnvironmentVariable("AWS_EC2_METADATA_DISABLED"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return new InstanceProfileAWSRegion().Region is { } fromMetadata ? new Found<RegionEndpoint>(fromMetadata, "instance metadata") : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    // The SDK resolves a configured endpoint in ClientConfig.ServiceURL: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL,
    // the profile's services section, the profile's endpoint_url; none when ignore_configured_endpoint_urls is set.
    private static Found<string>? SdkEndpointUrl(AwsProfileRef profile)
    {
        // AWSSDK.Core 4.1.1 does not apply a profile's ignore_configured_endpoint_urls here (the conformance row
        // "ignore_configured_endpoint_urls in the profile" fails without this); the profile in force is asked, as the CLI asks it.
        var config = new CognitoSdkConfig(new Profile(profile.Name, profile.Location));
        if (FindProfile(profile)?.IgnoreConfiguredEndpointUrls == true)
        {
            config.IgnoreConfiguredEndpointUrls = true;
        }

        if (config.ServiceURL is not { Length: > 0 } url)
        {
            return null;
        }

        return new Found<string>(url, EndpointSource(profile, url));
    }

    // Which of the SDK's sources gave the URL: the same order, told for the identity line.
    private static string EndpointSource(AwsProfileRef profile, string url)
    {
        var serviceVariable = Amazon.Runtime.Internal.Util.TransformServiceId.TransformServiceIdToEnvVariable(ServiceId);
        if (Environment.GetEnvironmentVariable(serviceVariable) is not null)
        {
            return serviceVariable;
        }

        if (Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL") is not null)
        {
            return "AWS_ENDPOINT_URL";
        }

        // The services section wins over the profile's own endpoint_url; the URL tells which one the SDK took.
        var key = Amazon.Runtime.Internal.Util.TransformServiceId.TransformServiceIdToConfigVariable(ServiceId);
        var found = FindProfile(profile);
        return found?.EndpointUrl is { Length: > 0 } global && string.Equals(global.TrimEnd('/'), url.TrimEnd('/'), StringComparison.Ordinal)
            ? $"profile {profile.Name} endpoint_url"
            : $"profile {profile.Name} services {found?.Services} {key}";
    }

    // The SDK's default chain, in its order: environment keys, web identity from the environment, the profile,
    // container, instance metadata. Told from the configuration alone: resolving would call STS or instance metadata.
    private static string SdkDefaultCredentials(AwsProfileRef profile)
    {
        if (Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") is { Length: > 0 } && Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") is { Length: > 0 })
        {
            return "environment";
        }

        if (Environment.GetEnvironmentVariable("AWS_WEB_IDENTITY_TOKEN_FILE") is { Length: > 0 } && Environment.GetEnvironmentVariable("AWS_ROLE_ARN") is { Length: > 0 })
        {
            return "web identity";
        }

        if (FindProfile(profile) is { } found && DescribeProfileCredentials(found) is var kind && kind != "none in profile")
        {
            return kind;
        }

        if (Environment.GetEnvironmentVariable("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") is { Length: > 0 }
            || Environment.GetEnvironmentVariable("AWS_CONTAINER_CREDENTIALS_FULL_URI") is { Length: > 0 })
        {
            return "container";
        }

        // With instance metadata turned off the chain has nothing left: say so rather than name a source it will not ask.
        return string.Equals(Environment.GetEnvironmentVariable("AWS_EC2_METADATA_DISABLED"), "true", StringComparison.OrdinalIgnoreCase)
            ? "none found"
            : "instance metadata";
    }

    private static string SdkProfileName() => Amazon.Runtime.Credentials.DefaultAWSCredentialsIdentityResolver.GetProfileName();
}

/// <summary>A profile by name in the shared files at <paramref name="Location"/> (the default files when null).</summary>
internal sealed record AwsProfileRef(string Name, string? Location);

/// <summary>A value and the setting it was found in, for messages and the identity line.</summary>
internal sealed record Found<T>(T Value, string Source);
