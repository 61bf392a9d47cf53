namespace ResourceServers.Wire;

/// <summary>The five resource-server operations, named as the service names them.</summary>
public enum CognitoOperation
{
    /// <summary>CreateResourceServer (rate category UserPoolResourceUpdate).</summary>
    CreateResourceServer,

    /// <summary>DescribeResourceServer (rate category UserPoolResourceRead).</summary>
    DescribeResourceServer,

    /// <summary>ListResourceServers (rate category UserPoolResourceRead).</summary>
    ListResourceServers,

    /// <summary>UpdateResourceServer (rate category UserPoolResourceUpdate).</summary>
    UpdateResourceServer,

    /// <summary>DeleteResourceServer (rate category UserPoolResourceUpdate).</summary>
    DeleteResourceServer,
}
