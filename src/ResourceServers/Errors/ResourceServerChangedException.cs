
namespace ResourceServers;

/// <summary>
/// <see cref="IResourceServerClient.UpdateIfUnchangedAsync"/> found the resource server in a state other than the
/// caller expected, so it wrote nothing. Raised by this library, not answered by the service; re-read, decide again,
/// and retry if the change still makes sense.
/// </summary>
public sealed class ResourceServerChangedException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="expected">The state the caller expected.</param>
    /// <param name="actual">The state found.</param>
    public ResourceServerChangedException(ResourceServer expected, ResourceServer actual)
        : base(Describe(expected, actual))
    {
        Expected = expected;
        Actual = actual;
        Difference = ResourceServerDiff.Between(expected, actual);
    }

    /// <summary>The state the caller expected.</summary>
    public ResourceServer Expected { get; }

    /// <summary>The state the service held when it was re-read just before the write.</summary>
    public ResourceServer Actual { get; }

    /// <summary>How the actual state differs from the expected one.</summary>
    public ResourceServerDiff Difference { get; }

    private static string Describe(ResourceServer expected, ResourceServer actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        return $"Resource server '{expected.Identifier}' in pool '{expected.UserPoolId}' is not in the expected state, so it was not updated. "
            + $"Expected -> actual: {ResourceServerDiff.Between(expected, actual)}.";
    }
}
