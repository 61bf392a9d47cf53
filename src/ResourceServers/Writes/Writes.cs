using ResourceServers.Wire;

namespace ResourceServers;

/// <summary>
/// The one implementation of what a write means when it is retried: an attempt that failed without a trustworthy
/// answer (<see cref="FailureClassification.MayHaveBeenApplied"/>) may still have been applied, so a later attempt of the same call must
/// expect to find its own work done; which answer that is, each operation's descriptor says. Create, replace and
/// delete all go through here, from the plain operations and from the read-modify-write units alike.
/// </summary>
internal static class Writes
{
    /// <summary>
    /// CreateResourceServer. An "already exists" after an earlier attempt of this call may have created it is
    /// resolved by reading it back: the same content is this call's own create, and is returned. Otherwise, and on
    /// a first attempt, "already exists" stands: nothing this call sent can have created it.
    /// </summary>
    public static async Task<ResourceServer> CreateAsync(CognitoCallPath path, OperationScope operation, ResourceServer desired, WriteAttempts attempts, CancellationToken cancellationToken)
    {
        try
        {
            return await path.CreateAsync(operation, desired, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (attempts.MayBeOwnEarlierWrite(CognitoOperation.CreateResourceServer, failure))
        {
            var existing = await path.FindAsync(operation, desired.UserPoolId, desired.Identifier, cancellationToken).ConfigureAwait(false);
            if (existing is null || !existing.HasSameContentAs(desired))
            {
                // Deleted again since, or holding something else: not what this call created.
                throw;
            }

            return existing;
        }
        catch (Exception failure) when (attempts.Observe(failure))
        {
            throw;
        }
    }

    /// <summary>UpdateResourceServer, a replace of the complete state; a failure that may have been applied is noted.</summary>
    public static async Task<ResourceServer> ReplaceAsync(CognitoCallPath path, OperationScope operation, ResourceServer desired, WriteAttempts attempts, CancellationToken cancellationToken)
    {
        try
        {
            return await path.UpdateAsync(operation, desired, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (attempts.Observe(failure))
        {
            throw;
        }
    }

    /// <summary>
    /// DeleteResourceServer. Returns true when it was deleted, by this attempt or by an earlier attempt of this call
    /// whose answer was lost; false when it was not there. "Not found" otherwise throws unless
    /// <paramref name="missingIsSuccess"/>.
    /// </summary>
    public static async Task<bool> DeleteAsync(CognitoCallPath path, OperationScope operation, string userPoolId, string identifier, bool missingIsSuccess, WriteAttempts attempts, CancellationToken cancellationToken)
    {
        try
        {
            await path.DeleteAsync(operation, userPoolId, identifier, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ResourceServerNotFoundException notFound) when (attempts.MayBeOwnEarlierWrite(CognitoOperation.DeleteResourceServer, notFound))
        {
            // An earlier attempt of this call deleted it; only its answer was lost.
            return true;
        }
        catch (ResourceServerNotFoundException) when (missingIsSuccess)
        {
            return false;
        }
        catch (Exception failure) when (attempts.Observe(failure))
        {
            throw;
        }
    }
}
