using Amazon.Extensions.NETCore.Setup;
using Microsoft.Extensions.Options;
using ResourceServers.Resilience;
using ResourceServers.Transport;

namespace ResourceServers.DependencyInjection;

/// <summary>
/// The checks of <see cref="ResourceServerClientOptions"/> that data annotations cannot express: the Region's form,
/// the service URL rule (https, or http only to loopback; also applied to a URL inherited from
/// <see cref="AWSOptions"/>), and the resilience settings (<see cref="ResourceServerResilienceOptionsValidator"/>).
/// </summary>
internal sealed class ResourceServerClientOptionsValidator(AWSOptions? awsOptions) : IValidateOptions<ResourceServerClientOptions>
{
    private const string Section = ResourceServerClientOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ResourceServerClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

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
