using System.Globalization;
using Amazon.Extensions.NETCore.Setup;
using Microsoft.Extensions.Options;

namespace ResourceServers;

/// <summary>
/// Checks <see cref="ResourceServerClientOptions"/>; each failure names the setting's configuration path, the rule and
/// the value: the page size, the Region (it must be found: ours, else <see cref="AWSOptions"/>, else the SDK's chain),
/// the service URL rule (https, or http only to loopback; also applied to a URL inherited from
/// <see cref="AWSOptions"/>), the response body cap, and the resilience settings (<see cref="ResourceServerResilienceOptionsValidator"/>).
/// </summary>
/// <remarks>
/// Hand-written rather than generated with <c>[OptionsValidator]</c>: the generator's copy of <c>RangeAttribute</c>
/// (Microsoft.Extensions.Options 10.0.0) ignores <c>ErrorMessage</c>, so its message could not name the configuration
/// path, and most rules here are cross-field or shared with the transport anyway.
/// </remarks>
/// <param name="awsOptions">The application's AWS options, if registered.</param>
/// <param name="needsRegion">Whether the named client uses the HTTP transport (and so needs a Region); false when a wire port replaces it.</param>
internal sealed class ResourceServerClientOptionsValidator(AWSOptions? awsOptions, Func<string?, bool> needsRegion) : IValidateOptions<ResourceServerClientOptions>
{
    private const string Section = ResourceServerClientOptions.SectionName;

    public ResourceServerClientOptionsValidator(AWSOptions? awsOptions, bool needsRegion)
        : this(awsOptions, _ => needsRegion)
    {
    }

    public ValidateOptionsResult Validate(string? name, ResourceServerClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.DefaultPageSize is < ResourceServerValidator.MinPageSize or > ResourceServerValidator.MaxPageSize)
        {
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{Section}:DefaultPageSize must be {ResourceServerValidator.MinPageSize}..{ResourceServerValidator.MaxPageSize} (or unset for the service's default); it was {options.DefaultPageSize}."));
        }

        if (!Enum.IsDefined(options.GrantRevocation))
        {
            failures.Add($"{Section}:GrantRevocation must be Refuse, Warn or Allow; it was {(int)options.GrantRevocation}.");
        }

        if (options.MaxResponseBodyBytes is < ResourceServerClientOptions.MinMaxResponseBodyBytes or > ResourceServerClientOptions.MaxMaxResponseBodyBytes)
        {
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{Section}:MaxResponseBodyBytes must be {ResourceServerClientOptions.MinMaxResponseBodyBytes}..{ResourceServerClientOptions.MaxMaxResponseBodyBytes} (default {ResourceServerClientOptions.DefaultMaxResponseBodyBytes}, above the largest answer the service model allows); it was {options.MaxResponseBodyBytes}."));
        }

        if (needsRegion(name))
        {
            if (CognitoConnection.RegionProblem(options, awsOptions, AwsSharedSettings.Sdk) is { } regionProblem)
            {
                failures.Add(regionProblem);
            }
        }
        else if (!string.IsNullOrWhiteSpace(options.Region) && !CognitoEndpoint.IsRegionName(options.Region.Trim()))
        {
            failures.Add($"{Section}:Region must be an AWS Region name (lower-case letters, digits and '-', e.g. 'us-east-1'); it was '{options.Region}'.");
        }

        var (serviceUrl, setting) = CognitoConnection.ServiceUrl(options, awsOptions, AwsSharedSettings.Sdk);
        if (serviceUrl is not null && CognitoEndpoint.ServiceUrlProblem(serviceUrl, setting) is { } problem)
        {
            failures.Add(problem);
        }

        if (options.Resilience is null)
        {
            failures.Add($"{Section}:Resilience must not be null.");
        }
        else
        {
            var resilience = new ResourceServerResilienceOptionsValidator().Validate(name, options.Resilience);
            if (resilience.Failed)
            {
                failures.AddRange(resilience.Failures);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(OptionsFailures.Joinable(failures));
    }
}
