namespace ResourceServers.HostedSample;

/// <summary>The sample's own settings (section <c>Sample</c>).</summary>
public sealed class SampleSettings
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Sample";

    /// <summary>An existing user pool to work in. Unset (the default): start the embedded emulator and create a pool there.</summary>
    public string? UserPoolId { get; set; }

    /// <summary>The resource server to provision.</summary>
    public string Identifier { get; set; } = "https://orders.example.com";

    /// <summary>Its name, if it has to be created.</summary>
    public string Name { get; set; } = "Orders API";
}
