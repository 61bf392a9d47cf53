using System.Runtime.ExceptionServices;
using Polly;
using ResourceServers.Errors;
using ResourceServers.Models;
using ResourceServers.Telemetry;
using ResourceServers.Wire;

namespace ResourceServers.Resilience;

/// <summary>
/// Runs CreateResourceServer, which is not idempotent, under a retrying pipeline. When an attempt ends without a
/// trustworthy answer (a timeout, a 5xx, a dropped connection) the service may still have applied it, and a retry is
/// then answered "already exists". That answer is resolved by reading the resource server back: if it holds exactly
/// what was asked for, the create succeeded; otherwise the "already exists" error stands.
/// </summary>
/// <remarks>
/// An "already exists" on the first attempt, or after attempts that failed unambiguously, is always the caller's
/// error: nothing this call sent can have created it.
/// </remarks>
internal static class IdempotentCreate
{
    public static async Task<ResourceServer> ExecuteAsync(
        ICognitoResourceServerApi api,
        AttemptCountingPipeline pipeline,
        ResourceServer resourceServer,
        CancellationToken cancellationToken)
    {
        var state = new CreateState(api, resourceServer, WireMapping.ToCreateRequest(resourceServer));
        return await pipeline.ExecuteAsync(
            static (state, ct) => new ValueTask<ResourceServer>(AttemptAsync(state, ct)),
            state,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether an error is the service's answer to a create of an identifier already in the pool.</summary>
    /// <param name="exception">The error.</param>
    /// <returns>True for an <see cref="InvalidParameterException"/> whose message says "already exists".</returns>
    public static bool IsAlreadyExists(Exception exception) =>
        exception is InvalidParameterException invalid
        && (invalid.ServiceMessage ?? string.Empty).Contains("already exists", StringComparison.OrdinalIgnoreCase);

    private static async Task<ResourceServer> AttemptAsync(CreateState state, CancellationToken cancellationToken)
    {
        try
        {
            var response = await state.Api.CreateResourceServerAsync(state.Request, cancellationToken).ConfigureAwait(false);
            return WireMapping.ToModel(response.ResourceServer, state.Requested.UserPoolId, state.Requested.Identifier);
        }
        catch (InvalidParameterException alreadyExists) when (state.MayHaveBeenApplied && IsAlreadyExists(alreadyExists))
        {
            return await ResolveAsync(state, alreadyExists, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (AmbiguousOutcome.MayHaveBeenApplied(failure))
        {
            // Only flagged: whether to retry stays the pipeline's decision.
            state.MayHaveBeenApplied = true;
            throw;
        }
    }

    private static async Task<ResourceServer> ResolveAsync(CreateState state, InvalidParameterException alreadyExists, CancellationToken cancellationToken)
    {
        var existing = await DescribeOrNullAsync(state, cancellationToken).ConfigureAwait(false);

        // Deleted again since the service said it exists, or holding something else: not what this call created.
        if (existing is null || !existing.HasSameContentAs(state.Requested))
        {
            ExceptionDispatchInfo.Throw(alreadyExists);
        }

        return existing;
    }

    private static async Task<ResourceServer?> DescribeOrNullAsync(CreateState state, CancellationToken cancellationToken)
    {
        var request = new DescribeResourceServerRequest { UserPoolId = state.Requested.UserPoolId, Identifier = state.Requested.Identifier };
        try
        {
            var described = await state.Api.DescribeResourceServerAsync(request, cancellationToken).ConfigureAwait(false);
            return WireMapping.ToModel(described.ResourceServer, state.Requested.UserPoolId, state.Requested.Identifier);
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    private sealed class CreateState(ICognitoResourceServerApi api, ResourceServer requested, CreateResourceServerRequest request)
    {
        public ICognitoResourceServerApi Api { get; } = api;

        public ResourceServer Requested { get; } = requested;

        public CreateResourceServerRequest Request { get; } = request;

        // Attempts of one call run one after another, never at once, so a plain field is enough.
        public bool MayHaveBeenApplied { get; set; }
    }
}
