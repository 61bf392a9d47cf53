using System.Globalization;
using Amazon.Extensions.NETCore.Setup;
using Microsoft.Extensions.Options;
using ResourceServers.Resilience;
using ResourceServers.Transport;
using ResourceServers.Validation;

namespace ResourceServers.DependencyInjection;

/// <summary>
/// Checks <see cref="ResourceServerClientOptions"/>; each failure names the setting's configuration path, the rule and
/// the value: the page size, the Region's form, the service URL rule (https, or http only to loopback; also applied to a URL inherited from
/// <see cref="AWSOptions"/>), and the resilience settings (<see cref="ResourceServerResilienceOptionsValidator"/>).
/// </summary>
/// <remarks>
/// Hand-written rather than generated with <c>[OptionsValidator]</c>: the generator's copy of <c>RangeAttribute</c>
/// (Microsoft.Extensions.Options 10.0.0) ignores <c>ErrorMessage</c>, so its message could not name the configuration
/// path, and most rules here are cross-field or shared with the transport anyway.
/// </remarks>
internal sealed class ResourceServerClientOptionsValidator(AWSOptions? awsOptions) : IValidateOptions<ResourceServerClientOptions>
{
    private const string Section = ResourceServerClientOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ResourceServerClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.DefaultPageSize is < RequestValidator.MinPageSize or > RequestValidator.MaxPageSize)
        {
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{Section}:DefaultPageSize must be {RequestValidator.MinPageSize}..{RequestValidator.MaxPageSize} (or unset for the service's default); it was {options.DefaultPageSize}."));
        }

        if (!string.IsNullOrWhiteSpace(options.Region) && !CognitoEndpoint.IsRegionName(options.Region.Trim()))
        {
            failures.Add($"{Section}:Region must be an AWS Region name (lower-case letters, digits and '-', e.g. 'us-east-1'); it was '{options.Region}'.");
        }

        var (serviceUrl, setting) = options.ServiceUrl is { } own
            ? (own, $"{Section}:ServiceUrl")
            : (TransportSettings.AwsServiceUrl(awsOptions), TransportSettings.AwsServiceUrlSetting);
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

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
