using ResourceServers.Errors;
using ResourceServers.Telemetry;
using ResourceServers.Wire;

namespace ResourceServers.Resilience;

/// <summary>
/// A delete run through the pipeline so that a retry after an ambiguous failure (the service may have deleted it,
/// but the answer was lost) that is answered "not found" counts as the success it is.
/// </summary>
/// <remarks>A "not found" on the first attempt, or after attempts that failed unambiguously, is the caller's error.</remarks>
internal static class IdempotentDelete
{
    public static async Task ExecuteAsync(ICognitoResourceServerApi api, AttemptCountingPipeline pipeline, DeleteResourceServerRequest request, CancellationToken cancellationToken) =>
        await pipeline.ExecuteAsync(
            static async (state, ct) => await AttemptAsync(state, ct).ConfigureAwait(false),
            new DeleteState(api, request),
            cancellationToken).ConfigureAwait(false);

    private static async Task AttemptAsync(DeleteState state, CancellationToken cancellationToken)
    {
        try
        {
            await state.Api.DeleteResourceServerAsync(state.Request, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceNotFoundException) when (state.MayHaveBeenApplied)
        {
            // An earlier attempt of this call deleted it; only its answer was lost.
        }
        catch (Exception failure) when (AmbiguousOutcome.MayHaveBeenApplied(failure))
        {
            // Only flagged: whether to retry stays the pipeline's decision.
            state.MayHaveBeenApplied = true;
            throw;
        }
    }

    private sealed class DeleteState(ICognitoResourceServerApi api, DeleteResourceServerRequest request)
    {
        public ICognitoResourceServerApi Api { get; } = api;

        public DeleteResourceServerRequest Request { get; } = request;

        // Attempts of one call run one after another, never at once, so a plain field is enough.
        public bool MayHaveBeenApplied { get; set; }
    }
}
