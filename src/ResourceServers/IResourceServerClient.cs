
namespace ResourceServers;

/// <summary>
/// Manages the resource servers of Amazon Cognito user pools. The interface application code depends on and mocks.
/// </summary>
/// <remarks>
/// <para>Every request is validated against the service model before it is sent
/// (<see cref="ResourceServerValidationException"/>); service errors surface as
/// <see cref="CognitoServiceException"/> (branch on its <see cref="CognitoServiceException.ErrorCode"/>) or, for a
/// missing pool or resource server, <see cref="ResourceServerNotFoundException"/>.</para>
/// <para>With the default pipeline (<see cref="ResourceServerClient"/>, by hand or through dependency injection) each call, or
/// each read-modify-write unit, is retried when <see cref="ResourceServerResilience.IsTransient"/> says so:
/// throttling, internal errors, unmodelled 5xx, transport failures and the per-attempt timeout. When retries run out
/// the last failure surfaces, which may also be <see cref="HttpRequestException"/>, <see cref="IOException"/> or Polly's
/// <c>TimeoutRejectedException</c>; a call queued by pacing beyond its limit fails with Polly's
/// <c>RateLimiterRejectedException</c>; the caller's cancellation surfaces as <see cref="OperationCanceledException"/>.
/// Writes retried after a failure that may have been applied expect to find their own work done (a create answered
/// "already exists" with the same content, a delete answered "not found") and count it as success.</para>
/// </remarks>
public interface IResourceServerClient
{
    /// <summary>Creates a resource server.</summary>
    /// <param name="resourceServer">The resource server to create: pool, identifier, name and scopes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The resource server as the service stored it.</returns>
    /// <exception cref="CognitoServiceException">With <see cref="CognitoErrorCodes.InvalidParameter"/>: a resource server with that identifier already exists, or the service rejected a value.</exception>
    /// 
    Task<ResourceServer> CreateAsync(ResourceServer resourceServer, CancellationToken cancellationToken = default);

    /// <summary>Reads a resource server (DescribeResourceServer).</summary>
    /// <param name="userPoolId">The user pool id.</param>
    /// <param name="identifier">The resource server identifier.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The resource server.</returns>
    /// <exception cref="ResourceServerNotFoundException">The pool or the resource server does not exist.</exception>
    Task<ResourceServer> GetAsync(string userPoolId, string identifier, CancellationToken cancellationToken = default);

    /// <summary>Reads a resource server, or returns null when it does not exist (DescribeResourceServer).</summary>
    /// <param name="userPoolId">The user pool id.</param>
    /// <param name="identifier">The resource server identifier.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The resource server, or null when the pool has none with that identifier (or the pool does not exist).</returns>
    Task<ResourceServer?> FindAsync(string userPoolId, string identifier, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the resource servers of a pool, following the service's page tokens to the end. Each page is one request
    /// (retried on its own, never restarting the enumeration). A server repeated across pages is yielded once; paging
    /// that would not end (a token given twice, more pages than any pool can fill, or more than the 300 servers a pool
    /// can hold) stops with a <see cref="CognitoServiceException"/> whose code is
    /// <see cref="CognitoErrorCodes.MalformedResponse"/>.
    /// </summary>
    /// <remarks>
    /// What an enumeration keeps is bounded whatever the server sends: a page token longer than 4096 characters
    /// (Cognito's are a few hundred) fails the page with <see cref="CognitoErrorCodes.MalformedResponse"/> rather than
    /// being sent back, and tokens are remembered as hashes. The time spent fetching pages (not the time the caller
    /// spends between them) is bounded by <see cref="ResourceServerResilienceOptions.MultiCallTimeout"/>; past it the
    /// enumeration fails with <see cref="CognitoErrorCodes.Timeout"/>.
    /// </remarks>
    /// <param name="userPoolId">The user pool id.</param>
    /// <param name="pageSize">Resource servers per request, 1..50; when null, the client's configured default page size, else the service's default.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The resource servers, page by page as they arrive.</returns>
    IAsyncEnumerable<ResourceServer> ListAsync(string userPoolId, int? pageSize = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the account's user pools in the client's Region (ListUserPools, 60 a page, following the page tokens to
    /// the end; paced in Cognito's UserPoolRead category). Each page is one request, retried on its own. A pool repeated
    /// across pages is yielded once; paging that would not end stops with a <see cref="CognitoServiceException"/> whose
    /// code is <see cref="CognitoErrorCodes.MalformedResponse"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The user pools, page by page as they arrive.</returns>
    IAsyncEnumerable<UserPoolSummary> ListUserPoolsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// <b>Replaces</b> a resource server's name and its whole scope list with <paramref name="resourceServer"/>
    /// (UpdateResourceServer). Scopes left out of it are deleted. To change only some scopes or only the name, use
    /// <see cref="PatchAsync"/>, which reads the current state and keeps everything it is not told to change. Unless
    /// <see cref="ResourceServerClientOptions.GrantRevocation"/> is <see cref="GrantRevocation.Allow"/>, the server is
    /// read first and a replace that removes scopes app clients grant is refused (or warned of).
    /// </summary>
    /// <param name="resourceServer">The complete new state.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The resource server as stored after the replace.</returns>
    /// <exception cref="ResourceServerNotFoundException">The pool or the resource server does not exist.</exception>
    /// <exception cref="GrantedScopeRemovalException">It removes scopes app clients grant, under <see cref="GrantRevocation.Refuse"/>; nothing was written.</exception>
    Task<ResourceServer> UpdateAsync(ResourceServer resourceServer, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a resource server. Unless <see cref="ResourceServerClientOptions.GrantRevocation"/> is
    /// <see cref="GrantRevocation.Allow"/>, it is read first and deleting scopes app clients grant is refused (or warned of).
    /// </summary>
    /// <param name="userPoolId">The user pool id.</param>
    /// <param name="identifier">The resource server identifier.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the service has deleted it.</returns>
    /// <exception cref="ResourceServerNotFoundException">The pool or the resource server does not exist.</exception>
    /// <exception cref="GrantedScopeRemovalException">App clients grant its scopes, under <see cref="GrantRevocation.Refuse"/>; nothing was deleted.</exception>
    Task DeleteAsync(string userPoolId, string identifier, CancellationToken cancellationToken = default);

    /// <summary>Deletes a resource server if it exists; its absence is not an error. Grants are checked as by <see cref="DeleteAsync"/>.</summary>
    /// <param name="userPoolId">The user pool id.</param>
    /// <param name="identifier">The resource server identifier.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when this call deleted it, or when an earlier attempt of this call failed in a way that may have
    /// deleted it (its answer was lost) and it is gone now; false when it was not there.</returns>
    /// <exception cref="GrantedScopeRemovalException">App clients grant its scopes, under <see cref="GrantRevocation.Refuse"/>; nothing was deleted.</exception>
    Task<bool> DeleteIfExistsAsync(string userPoolId, string identifier, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes only what <paramref name="patch"/> names: reads the resource server, applies the patch and writes the
    /// result with one replace, keeping what the patch does not mention; writes nothing when nothing changes.
    /// </summary>
    /// <remarks>
    /// A retry re-reads and re-applies, never replays a stale write. Patches of one resource server through one client
    /// run one after another; across processes see docs/design.md ("Safe updates").
    /// </remarks>
    /// <param name="userPoolId">The user pool id.</param>
    /// <param name="identifier">The resource server identifier.</param>
    /// <param name="patch">What to change; see <see cref="ResourceServerPatch"/>'s helpers, e.g. <see cref="ResourceServerPatch.AddOrUpdateScope(string, string)"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="ResourceServerChangeKind.Updated"/> or <see cref="ResourceServerChangeKind.Unchanged"/>, the states before and after, and the difference.</returns>
    /// <exception cref="ResourceServerNotFoundException">The pool or the resource server does not exist; nothing is written.</exception>
    /// <exception cref="ResourceServerValidationException">The patch holds a malformed name or description (checked before any call), or its result breaks a model rule such as at most 100 scopes (checked before the write; nothing is written).</exception>
    Task<ResourceServerChange> PatchAsync(string userPoolId, string identifier, ResourceServerPatch patch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces a resource server with <paramref name="desired"/> only if it still holds <paramref name="expected"/>:
    /// re-reads it right before writing and compares name and scopes (scope order ignored). For callers that read,
    /// decided, and must not overwrite a change made since by someone else.
    /// </summary>
    /// <remarks>
    /// The service offers no conditional write, so this is a check, not a guarantee: a writer in another process can
    /// still change the resource server between the re-read and the write (one round trip). Within one client
    /// instance the check and write are not interleaved with this client's other updates to the same resource server.
    /// If it already holds <paramref name="desired"/>, nothing is written and it is returned.
    /// </remarks>
    /// <param name="expected">The state the caller based its decision on (as read, e.g. from <see cref="GetAsync"/>).</param>
    /// <param name="desired">The complete new state; same pool and identifier as <paramref name="expected"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="ResourceServerChangeKind.Updated"/> with the state as stored, or <see cref="ResourceServerChangeKind.Unchanged"/> when it already held <paramref name="desired"/>.</returns>
    /// <exception cref="ResourceServerChangedException">The resource server no longer holds <paramref name="expected"/>; nothing was written.</exception>
    /// <exception cref="ResourceServerNotFoundException">The pool or the resource server does not exist.</exception>
    Task<ResourceServerChange> UpdateIfUnchangedAsync(ResourceServer expected, ResourceServer desired, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes the service hold <paramref name="desired"/>: creates the resource server if it is missing, replaces it if
    /// its name or scopes differ (scope order ignored), and writes nothing if it already matches.
    /// </summary>
    /// <remarks>
    /// A create that loses a race with another creator ("already exists") falls back to compare and update. Retries
    /// re-read and decide again, as for <see cref="PatchAsync"/>.
    /// </remarks>
    /// <param name="desired">The complete desired state.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What happened (<see cref="ResourceServerChangeKind.Created"/>, <see cref="ResourceServerChangeKind.Updated"/> or <see cref="ResourceServerChangeKind.Unchanged"/>), with the states and the difference.</returns>
    /// <exception cref="CognitoServiceException">With <see cref="CognitoErrorCodes.LimitExceeded"/>: it had to be created and the pool holds its maximum number of resource servers.</exception>
    /// <exception cref="ResourceServerNotFoundException">The user pool does not exist.</exception>
    Task<ResourceServerChange> EnsureAsync(ResourceServer desired, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ensures every resource server in <paramref name="desired"/> (see <see cref="EnsureAsync"/>), one after another, and
    /// when <paramref name="deleteUnlisted"/> is true then deletes the pool's resource servers not named in it.
    /// </summary>
    /// <remarks>
    /// <para>Quota economy: the pool is read once with ListResourceServers (pages of 50; a pool holds 25 by default),
    /// compared locally, and only the resource servers that differ cost further calls, each through the same
    /// read-modify-write unit as <see cref="EnsureAsync"/> (it reads again before it writes). Ensuring a set that is
    /// already in place costs one read per 50 resource servers and no write.</para>
    /// <para>Deletion is off by default because it removes resource servers other code may own. It deletes those the
    /// first listing showed and the set does not name, only after every named resource server is in place. A failure
    /// stops the run; what was done before it stays done, and running again continues from there.</para>
    /// <para>The whole run is bounded by <see cref="ResourceServerResilienceOptions.MultiCallTimeout"/> (default 10
    /// minutes); past it the run stops with <see cref="CognitoErrorCodes.Timeout"/>.</para>
    /// </remarks>
    /// <param name="userPoolId">The user pool id; every desired resource server must be in it.</param>
    /// <param name="desired">The complete desired states; identifiers must be unique.</param>
    /// <param name="deleteUnlisted">Whether to delete the pool's resource servers whose identifiers are not in <paramref name="desired"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One result per desired resource server, in the order given, then one <see cref="ResourceServerChangeKind.Deleted"/> result per deletion.</returns>
    /// <exception cref="ArgumentException">A desired resource server is in another pool, or an identifier appears twice.</exception>
    /// <exception cref="ResourceServerNotFoundException">The user pool does not exist; the message names it and the Region, and nothing is written.</exception>
    Task<IReadOnlyList<ResourceServerChange>> EnsureAllAsync(string userPoolId, IEnumerable<ResourceServer> desired, bool deleteUnlisted = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Computes what <see cref="EnsureAllAsync"/> would do, without writing: one plan per desired resource server
    /// (create, update with the difference, or nothing), then, when <paramref name="deleteUnlisted"/> is true, a
    /// <see cref="ResourceServerChangeKind.Deleted"/> plan for each resource server of the pool the set does not name.
    /// </summary>
    /// <remarks>
    /// Reads the pool with ListResourceServers only (one read per 50 resource servers), whatever the plans say. A plan
    /// shows only what was read: a user pool that does not exist is an error, never a list of creates. Bounded by
    /// <see cref="ResourceServerResilienceOptions.MultiCallTimeout"/> (<see cref="CognitoErrorCodes.Timeout"/>).
    /// </remarks>
    /// <param name="userPoolId">The user pool id; every desired resource server must be in it.</param>
    /// <param name="desired">The complete desired states; identifiers must be unique.</param>
    /// <param name="deleteUnlisted">Whether to plan the deletion of the pool's resource servers not named in <paramref name="desired"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One plan per desired resource server, in the order given, then the deletions; each with <see cref="ResourceServerChange.IsPlan"/> set.</returns>
    /// <exception cref="ArgumentException">A desired resource server is in another pool, or an identifier appears twice.</exception>
    /// <exception cref="ResourceServerNotFoundException">The user pool does not exist; the message names it and the Region.</exception>
    Task<IReadOnlyList<ResourceServerChange>> PlanAllAsync(string userPoolId, IEnumerable<ResourceServer> desired, bool deleteUnlisted = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ensures the resource servers of many user pools at once: for each pool what <see cref="EnsureAllAsync"/> does
    /// (one listing, then a locked read-modify-write for each server that differs, deletions last), pools side by side
    /// so that the account's quotas, not round trips, set the pace.
    /// </summary>
    /// <remarks>
    /// <para>Pools run concurrently, a bounded number at a time, started in the order given; within a pool, changes are
    /// made one after another. The client's pacing keeps each quota category and each (operation, pool) pair at its rate,
    /// so the run goes as fast as the quotas allow and no faster.</para>
    /// <para>A pool that fails (it does not exist, a write is refused, its retries run out, its
    /// <see cref="ResourceServerResilienceOptions.MultiCallTimeout"/> passes) stops there: its result holds the changes
    /// made before and the error, and the other pools go on. Each pool is one <c>EnsureAll</c> operation in telemetry,
    /// with its own multi-call deadline.</para>
    /// </remarks>
    /// <param name="pools">The desired state of each pool; a pool may appear once.</param>
    /// <param name="deleteUnlisted">Whether to delete each pool's resource servers not named for it (see <see cref="EnsureAllAsync"/>).</param>
    /// <param name="progress">Told of each change made (create, update or delete), as it is made; called from several pools at once, in no set order across pools.</param>
    /// <param name="cancellationToken">Cancels the whole run; it then throws <see cref="OperationCanceledException"/>, and what was done (reported to <paramref name="progress"/>) stays done.</param>
    /// <returns>One result per pool, in the order given, each with <see cref="EnsureAllAsync"/>'s results or the error that stopped the pool.</returns>
    /// <exception cref="ArgumentException">An entry is null, a pool appears twice, or a pool's set is invalid as for <see cref="EnsureAllAsync"/>; checked before anything is read.</exception>
    Task<IReadOnlyList<UserPoolResult>> EnsurePoolsAsync(IEnumerable<DesiredUserPool> pools, bool deleteUnlisted = false, IProgress<ResourceServerChange>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Computes what <see cref="EnsurePoolsAsync"/> would do, without writing: for each pool what
    /// <see cref="PlanAllAsync"/> returns (one listing per 50 resource servers), pools side by side.
    /// </summary>
    /// <remarks>
    /// A pool that cannot be read (it does not exist, its retries run out, its
    /// <see cref="ResourceServerResilienceOptions.MultiCallTimeout"/> passes) has the error in its result and no plans;
    /// the other pools are still planned. Carry the plans out with <see cref="ApplyPlansAsync"/>.
    /// </remarks>
    /// <param name="pools">The desired state of each pool; a pool may appear once.</param>
    /// <param name="deleteUnlisted">Whether to plan the deletion of each pool's resource servers not named for it.</param>
    /// <param name="cancellationToken">Cancels the whole run (<see cref="OperationCanceledException"/>).</param>
    /// <returns>One result per pool, in the order given, each with <see cref="PlanAllAsync"/>'s plans or the error.</returns>
    /// <exception cref="ArgumentException">An entry is null, a pool appears twice, or a pool's set is invalid as for <see cref="PlanAllAsync"/>; checked before anything is read.</exception>
    Task<IReadOnlyList<UserPoolResult>> PlanPoolsAsync(IEnumerable<DesiredUserPool> pools, bool deleteUnlisted = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Carries out plans made by <see cref="PlanPoolsAsync"/> (after, say, a person has reviewed them), without listing
    /// the pools again: each planned create or update through the same locked read-modify-write as
    /// <see cref="EnsureAsync"/> (it reads the resource server again and decides from what it finds, so a change made
    /// since the plan is not overwritten blindly), each planned deletion as a delete that finds its work done when the
    /// server is already gone. Plans without changes cost nothing.
    /// </summary>
    /// <remarks>
    /// Pools run side by side as in <see cref="EnsurePoolsAsync"/>, each one <c>ApplyPlan</c> operation with its own
    /// multi-call deadline; within a pool the plans are carried out in order (a plan from <see cref="PlanPoolsAsync"/>
    /// has deletions last), and the first failure stops that pool only. A pool whose plan has an error is returned as
    /// given, untouched.
    /// </remarks>
    /// <param name="plans">The plans, per pool, as <see cref="PlanPoolsAsync"/> returned them.</param>
    /// <param name="progress">Told of each change made, as it is made; called from several pools at once.</param>
    /// <param name="cancellationToken">Cancels the whole run; it then throws <see cref="OperationCanceledException"/>, and what was done (reported to <paramref name="progress"/>) stays done.</param>
    /// <returns>One result per pool, in the order given: the changes made (an <see cref="ResourceServerChangeKind.Unchanged"/> result for each plan without changes), or the error that stopped the pool.</returns>
    /// <exception cref="ArgumentException">An entry is null, a pool appears twice, or a change is not a plan of its pool.</exception>
    Task<IReadOnlyList<UserPoolResult>> ApplyPlansAsync(IEnumerable<UserPoolResult> plans, IProgress<ResourceServerChange>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Computes what <see cref="EnsureAsync"/> would do, without writing: create, update (with the difference), or
    /// nothing. The plan's <c>ToString()</c> reads as a sentence; its members are there for programs.
    /// </summary>
    /// <param name="desired">The complete desired state.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The plan: a <see cref="ResourceServerChange"/> with <see cref="ResourceServerChange.IsPlan"/> set, its <see cref="ResourceServerChange.After"/> the desired state.</returns>
    /// <remarks>A missing resource server is a <see cref="ResourceServerChangeKind.Created"/> plan. Cognito answers "not found" for a missing pool too, so a server not found is followed by one ListResourceServers page, and a pool that does not exist is an error naming it, not a plan to create.</remarks>
    /// <exception cref="ResourceServerNotFoundException">The user pool does not exist (in the client's Region and account).</exception>
    Task<ResourceServerChange> PlanAsync(ResourceServer desired, CancellationToken cancellationToken = default);
}
