using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;

namespace ResourceServers;

/// <summary>
/// An AWS SDK client configuration for Cognito user pools, used only to let AWSSDK.Core resolve what it resolves
/// from a configuration: the configured endpoint URL (<see cref="ClientConfig.ServiceURL"/>) and the credentials of a
/// profile at a given location. The transport sends nothing through it.
/// </summary>
internal sealed class CognitoSdkConfig : ClientConfig
{
    /// <summary>Creates the configuration for a profile (and its files' location).</summary>
    /// <param name="profile">The profile whose settings apply.</param>
    public CognitoSdkConfig(Profile profile)
        : base(new DefaultConfigurationProvider([new DefaultConfiguration { Name = DefaultConfigurationMode.Standard }]))
    {
        ServiceId = AwsSharedSettings.ServiceId;
        Profile = profile;
    }

    /// <inheritdoc />
    public override string ServiceVersion => "2016-04-18";

    /// <inheritdoc />
    public override string UserAgent => "ResourceServers";

    /// <inheritdoc />
    public override string RegionEndpointServiceName => "cognito-idp";

    /// <inheritdoc />
    public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) =>
        throw new NotSupportedException("This configuration only resolves the configured endpoint URL and profile; the transport builds its own requests.");
}
