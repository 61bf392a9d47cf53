using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Polly;
using ResourceServers.Wire;

namespace ResourceServers;

/// <summary>
/// The one path every call of a client takes below validation, read top to bottom:
/// <list type="number">
/// <item><see cref="ExecuteAsync"/>: the resilience pipeline runs a unit of work (one call, or a read-modify-write),
/// counting each attempt on the operation;</item>
/// <item><see cref="SendAsync"/>: each wire call within an attempt waits for a pacing slot, is observed (span, metrics,
/// log) and goes to the wire port;</item>
/// <item>the typed calls below map wire shapes to models, keyed on the caller's own pool and identifier.</item>
/// </list>
/// Built once per client by <see cref="ResourceServerClient"/>, the same way by hand and through dependency injection.
/// </summary>
/// <remarks>
/// Attempts of one execution are sequential (a pipeline with hedging is not supported): the attempt count, request ids
/// and the ambiguous-write tracking of <see cref="Writes"/> assume one attempt at a time.
/// </remarks>
internal sealed class CognitoCallPath
{
    private const string RpcSystem = "aws-api";
    private const string RpcService = "CognitoIdentityProvider";

    private readonly ICognitoResourceServerApi _api;
    private readonly ResiliencePipeline _pipeline;
    private readonly CognitoRequestPacer? _pacer;
    private readonly SharedPacing? _sharedPacing;
    private readonly MultiCallDeadline _deadline;

    public CognitoCallPath(ICognitoResourceServerApi api, ResiliencePipeline pipeline, CognitoRequestPacer? pacer, ClientTelemetry telemetry, MultiCallDeadline deadline, UnitLocks locks, SharedPacing? sharedPacing, string? endpointHost)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        ArgumentNullException.ThrowIfNull(locks);
        _deadline = deadline;
        _api = api;
        EndpointHost = endpointHost;
        _pipeline = pipeline;
        _pacer = pacer;
        _sharedPacing = sharedPacing; // consulted only when pacing is on (PacedSendAsync)
        Telemetry = telemetry;
        Locks = locks;
    }

    public ClientTelemetry Telemetry { get; }

    /// <summary>The host (and port) requests go to, named in the caller's exceptions; null for a replaced wire port.</summary>
    public string? EndpointHost { get; }

    /// <summary>The per-key locks of read-modify-write units: in-process, and distributed with coordination.</summary>
    public UnitLocks Locks { get; }

    /// <summary>The Region the calls go to (the signing Region), or null when the port is not the HTTP transport.</summary>
    public string? Region => (_api as CognitoHttpTransport)?.Endpoint.Region.SystemName;

    /// <summary>Begins the telemetry of one client operation; dispose it when the operation ends.</summary>
    public OperationScope Begin(string operation, bool isWrite, string? userPoolId, string? identifier) =>
        OperationScope.Begin(Telemetry, operation, isWrite, userPoolId, identifier, EndpointHost);

    /// <summary>Runs <paramref name="unit"/> in the resilience pipeline; each attempt is counted on <paramref name="operation"/>.</summary>
    public ValueTask<TResult> ExecuteAsync<TState, TResult>(
        OperationScope operation,
        TState state,
        Func<TState, CancellationToken, ValueTask<TResult>> unit,
        CancellationToken cancellationToken) =>

        // Counted in the callback Polly invokes once per attempt: a strategy of our own in the user's pipeline costs
        // more (docs/benchmarks.md, overhead).
        _pipeline.ExecuteAsync(
            static (execution, ct) => execution.InvokeAttempt(ct),
            new Execution<TState, TResult>(operation, unit, state),
            cancellationToken);

    /// <summary>
    /// Runs an operation of many calls (<paramref name="name"/>, e.g. <c>EnsureAll</c>) within the multi-call deadline;
    /// its time running out fails it with <see cref="CognitoErrorCodes.Timeout"/>.
    /// </summary>
    public Task<TResult> WithinDeadlineAsync<TState, TResult>(string name, string userPoolId, TState state, Func<TState, CancellationToken, Task<TResult>> body, CancellationToken cancellationToken) =>
        _deadline.Start(name, userPoolId).RunAsync(state, body, cancellationToken);

    /// <summary>
    /// One wire call within an attempt: pace, observe, send. The typed calls below go through
    /// <see cref="SendRecordingAsync"/>, which also records the request id the answer or the error carried back.
    /// </summary>
    // Stryker disable once Conditional : equivalent: the observed path without a pacer or a listener sends the same request and answers the same.
    public Task<TResponse> SendAsync<TRequest, TResponse>(
        OperationScope operation,
        CognitoOperation<TRequest, TResponse> method,
        TRequest request,
        CancellationToken cancellationToken)
        where TRequest : class
        where TResponse : CognitoResponse =>

        // Without pacing and with nobody listening to per-request telemetry, straight to the port: the observation
        // would cost every request for no reader.
        _pacer is null && !Telemetry.ObservesRequests
            ? _api.SendAsync(method, request, cancellationToken)
            : PacedAndObservedAsync(operation, method, request, cancellationToken);

    private async Task<TResponse> PacedAndObservedAsync<TRequest, TResponse>(
        OperationScope operation,
        CognitoOperation<TRequest, TResponse> method,
        TRequest request,
        CancellationToken cancellationToken)
        where TRequest : class
        where TResponse : CognitoResponse
    {
        // In order: observe (the pacing wait counts toward the request's duration), pace, send, record the outcome.
        var userPoolId = method.UserPoolIdOf(request) ?? string.Empty;

        // Stryker disable once Conditional : equivalent: with no listener, an observation starts no span, and its metrics and Debug log go nowhere.
        using var observed = Telemetry.ObservesRequests ? RequestObservation.Start(operation, method, userPoolId) : null;
        try
        {
            var response = _pacer is null
                ? await _api.SendAsync(method, request, cancellationToken).ConfigureAwait(false)
                : await PacedSendAsync(operation, observed, method, userPoolId, request, cancellationToken).ConfigureAwait(false);
            observed?.Succeeded(response.RequestId);
            return response;
        }
        catch (Exception exception) when (observed is not null)
        {
            observed.Failed(exception, (exception as CognitoServiceException)?.RequestId);
            throw;
        }
    }

    // In order: the client's pacing slots, the fleet's shared permits (last, so they are dated close to the arrival),
    // the send, and the slots freed; a throttle despite pacing lowers the rates (every attempt, retries included).
    private async Task<TResponse> PacedSendAsync<TRequest, TResponse>(
        OperationScope operation,
        RequestObservation? observed,
        CognitoOperation<TRequest, TResponse> method,
        string userPoolId,
        TRequest request,
        CancellationToken cancellationToken)
        where TRequest : class
        where TResponse : CognitoResponse
    {
        var slots = await _pacer!.WaitAsync(method, userPoolId, cancellationToken).ConfigureAwait(false);
        var throttled = false;
        try
        {
            var waited = slots.Waited;
            if (_sharedPacing is not null)
            {
                waited += await _sharedPacing.WaitAsync(method, userPoolId, cancellationToken).ConfigureAwait(false);
            }

            if (waited > TimeSpan.Zero)
            {
                ReportPacingWait(operation, observed, method, userPoolId, waited);
            }

            return await _api.SendAsync(method, request, cancellationToken).ConfigureAwait(false);
        }
        catch (CognitoServiceException e) when (e.IsThrottle)
        {
            throttled = true;
            throw;
        }
        finally
        {
            _pacer.Complete(slots, throttled);
        }
    }

    /// <summary>A wire call whose answer's (or error's) request id is recorded on the operation.</summary>
    private async Task<TResponse> SendRecordingAsync<TRequest, TResponse>(
        OperationScope operation,
        CognitoOperation<TRequest, TResponse> method,
        TRequest request,
        CancellationToken cancellationToken)
        where TRequest : class
        where TResponse : CognitoResponse
    {
        try
        {
            var response = await SendAsync(operation, method, request, cancellationToken).ConfigureAwait(false);

            // A port that answers null breaks its contract; say so rather than fail further up.
            operation.OnResponse((response ?? throw new InvalidOperationException($"The wire port answered {method} with null.")).RequestId);
            return response;
        }
        catch (Exception e) when (operation.OnError(e))
        {
            throw;
        }
    }

    /// <summary>DescribeResourceServer, mapped.</summary>
    public Task<ResourceServer> DescribeAsync(OperationScope operation, string userPoolId, string identifier, CancellationToken cancellationToken) =>
        SendForServerAsync(operation, CognitoOperation.DescribeResourceServer, new DescribeResourceServerRequest { UserPoolId = userPoolId, Identifier = identifier }, static r => r.ResourceServer, userPoolId, identifier, cancellationToken);

    /// <summary>DescribeResourceServer, mapped; null when the service answers "not found".</summary>
    public async Task<ResourceServer?> FindAsync(OperationScope operation, string userPoolId, string identifier, CancellationToken cancellationToken)
    {
        try
        {
            return await DescribeAsync(operation, userPoolId, identifier, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceServerNotFoundException)
        {
            return null;
        }
    }

    /// <summary>CreateResourceServer, mapped.</summary>
    public Task<ResourceServer> CreateAsync(OperationScope operation, ResourceServer server, CancellationToken cancellationToken) =>
        SendForServerAsync(operation, CognitoOperation.CreateResourceServer, WireMapping.ToCreateRequest(server), static r => r.ResourceServer, server.UserPoolId, server.Identifier, cancellationToken);

    /// <summary>UpdateResourceServer (a replace of the complete state), mapped.</summary>
    public Task<ResourceServer> UpdateAsync(OperationScope operation, ResourceServer server, CancellationToken cancellationToken) =>
        SendForServerAsync(operation, CognitoOperation.UpdateResourceServer, WireMapping.ToUpdateRequest(server), static r => r.ResourceServer, server.UserPoolId, server.Identifier, cancellationToken);

    /// <summary>A call answered with one resource server, mapped and keyed on the caller's own pool and identifier.</summary>
    private async Task<ResourceServer> SendForServerAsync<TRequest, TResponse>(
        OperationScope operation,
        CognitoOperation<TRequest, TResponse> method,
        TRequest request,
        Func<TResponse, ResourceServerType> server,
        string userPoolId,
        string identifier,
        CancellationToken cancellationToken)
        where TRequest : class
        where TResponse : CognitoResponse
    {
        var response = await SendRecordingAsync(operation, method, request, cancellationToken).ConfigureAwait(false);
        return WireMapping.ToModel(server(response), userPoolId, identifier);
    }

    /// <summary>DeleteResourceServer.</summary>
    public async Task DeleteAsync(OperationScope operation, string userPoolId, string identifier, CancellationToken cancellationToken)
    {
        await SendRecordingAsync(
            operation,
            CognitoOperation.DeleteResourceServer,
            new DeleteResourceServerRequest { UserPoolId = userPoolId, Identifier = identifier },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Every resource server of a pool, page by page, each page one pipeline execution (a retry repeats only that
    /// page). With no <paramref name="operation"/>, each page is an operation of its own as telemetry sees it, since
    /// the time the caller spends between pages is not the client's; a page that ends paging with an error ends that
    /// page's operation with it.
    /// </summary>
    /// <remarks>
    /// Paging distrusts the server (<see cref="Paging"/>): a repeated token, more pages than any pool can fill or more
    /// servers than a pool can hold stop it with <see cref="CognitoErrorCodes.MalformedResponse"/>, and a server already
    /// yielded is not yielded again. Items are keyed on the caller's pool. A listing of its own (no
    /// <paramref name="operation"/>) has the multi-call deadline across its pages; one within an operation runs under
    /// that operation's.
    /// </remarks>
    public async IAsyncEnumerable<ResourceServer> ListAsync(
        OperationScope? operation,
        string userPoolId,
        int? pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var paging = new Paging();
        var budget = _deadline.Start("List", userPoolId); // used only by a listing of its own
        do
        {
            // A new request per page: nothing is mutated between pages.
            var request = new ListResourceServersRequest { UserPoolId = userPoolId, MaxResults = pageSize, NextToken = paging.NextToken };
            var page = operation is null
                ? await ListPageAsOperationAsync(request, paging, budget, cancellationToken).ConfigureAwait(false)
                : await ListPageAsync(operation, request, paging, cancellationToken).ConfigureAwait(false);
            foreach (var fresh in paging.FirstSightings)
            {
                yield return WireMapping.ToModel(page.ResourceServers[fresh], userPoolId);
            }
        }
        while (paging.NextToken is not null);
    }

    /// <summary>
    /// The account's user pools in the Region, page by page (ListUserPools, <see cref="PageTokens.MaxQueryPageSize"/> a
    /// page, paced in its own category); each page is one operation of its own, retried on its own. A pool repeated
    /// across pages is yielded once; paging distrusts the server (<see cref="PageTokens"/>): a token given twice, or one
    /// after <see cref="MaxListUserPoolsPages"/> pages, stops it with <see cref="CognitoErrorCodes.MalformedResponse"/>.
    /// </summary>
    public async IAsyncEnumerable<UserPoolSummary> ListUserPoolsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var tokens = new PageTokens(CognitoOperation.ListUserPools.Name, MaxListUserPoolsPages, "more than the user pools of any account can fill");
        var yielded = new HashSet<string>(StringComparer.Ordinal);
        bool more;
        do
        {
            var request = new ListUserPoolsRequest { MaxResults = PageTokens.MaxQueryPageSize, NextToken = tokens.NextToken };
            ListUserPoolsResponse page;
            using (var operation = Begin("ListUserPools", isWrite: false, userPoolId: null, identifier: null))
            {
                try
                {
                    page = await ExecuteAsync(
                        operation,
                        (path: this, operation, request),
                        static (s, ct) => new ValueTask<ListUserPoolsResponse>(s.path.SendRecordingAsync(s.operation, CognitoOperation.ListUserPools, s.request, ct)),
                        cancellationToken).ConfigureAwait(false);

                    // Inside the page's operation, so a paging error is that operation's failure.
                    more = tokens.Advance(page.NextToken, page.RequestId);
                }
                catch (Exception e) when (operation.Fail(e, cancellationToken) is var failure && failure != e)
                {
                    throw failure;
                }
            }

            foreach (var pool in page.UserPools)
            {
                if (yielded.Add(pool.Id!))
                {
                    yield return new UserPoolSummary(pool.Id!, pool.Name!);
                }
            }
        }
        while (more);
    }

    /// <summary>More pages than any account fills (60,000 pools, where Cognito's quota is 1,000 per Region): paging without end past it.</summary>
    internal const int MaxListUserPoolsPages = 1000;

    private async Task<ListResourceServersResponse> ListPageAsOperationAsync(ListResourceServersRequest request, Paging paging, MultiCallDeadline.Budget budget, CancellationToken cancellationToken)
    {
        using var operation = Begin("List", isWrite: false, request.UserPoolId, identifier: null);
        try
        {
            return await budget.RunAsync(
                (path: this, operation, request, paging),
                static (s, ct) => s.path.ListPageAsync(s.operation, s.request, s.paging, ct),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (operation.Fail(e, cancellationToken) is var failure && failure != e)
        {
            throw failure;
        }
    }

    private async Task<ListResourceServersResponse> ListPageAsync(OperationScope operation, ListResourceServersRequest request, Paging paging, CancellationToken cancellationToken)
    {
        var page = await ExecuteAsync(
            operation,
            (path: this, operation, request),
            static (s, ct) => new ValueTask<ListResourceServersResponse>(s.path.SendRecordingAsync(
                s.operation,
                CognitoOperation.ListResourceServers,
                s.request,
                ct)),
            cancellationToken).ConfigureAwait(false);

        // Inside the page's operation, so a paging error is that operation's failure (its metric, span status and log).
        paging.Advance(page);
        return page;
    }

    // Pacing is deliberate and usually invisible; when it holds a call back, say so where someone debugging a slow
    // call looks: a Debug log line and an event on the span (the request's, else the operation's).
    private void ReportPacingWait(OperationScope operation, RequestObservation? observed, CognitoOperation method, string userPoolId, TimeSpan waited)
    {
        Log.PacingWaited(Telemetry.Logger, method.Name, userPoolId, waited.TotalMilliseconds);
        var activity = observed?.Activity ?? operation.Activity;
        activity?.AddEvent(new ActivityEvent(
            ResourceServerTelemetry.PacingWaitEvent,
            tags: new ActivityTagsCollection { [ResourceServerTelemetry.PacingWaitMsTag] = waited.TotalMilliseconds }));
    }

    /// <summary>One pipeline execution of a unit: counts its attempts on the operation.</summary>
    private sealed class Execution<TState, TResult>(OperationScope operation, Func<TState, CancellationToken, ValueTask<TResult>> unit, TState state)
    {
        private int _attempt;

        public ValueTask<TResult> InvokeAttempt(CancellationToken cancellationToken)
        {
            operation.OnAttempt(++_attempt);
            return unit(state, cancellationToken);
        }
    }

    /// <summary>The telemetry of one request to Cognito: its span, attempt counters and duration, throttles, and a log event.</summary>
    private sealed class RequestObservation : IDisposable
    {
        private readonly OperationScope _operation;
        private readonly string _method;
        private readonly string _userPoolId;
        private readonly int _attempt;
        private readonly long _started;
        private readonly KeyValuePair<string, object?> _methodTag;

        private RequestObservation(OperationScope operation, CognitoOperation method, string userPoolId)
        {
            _operation = operation;
            _method = method.Name;
            _userPoolId = userPoolId;
            _attempt = operation.CurrentAttempt; // every wire call runs within an execution of ExecuteAsync, which counted it
            _methodTag = new KeyValuePair<string, object?>(ResourceServerTelemetry.MethodTag, _method);
            Activity = ClientTelemetry.Source.StartActivity(method.SpanName, ActivityKind.Client);
            if (Activity is { IsAllDataRequested: true })
            {
                Activity.SetTag("rpc.system", RpcSystem);
                Activity.SetTag("rpc.service", RpcService);
                Activity.SetTag(ResourceServerTelemetry.MethodTag, _method);
                Activity.SetTag(ResourceServerTelemetry.AttemptTag, _attempt);
                Activity.SetTag(ResourceServerTelemetry.UserPoolIdTag, userPoolId);
            }

            _started = Stopwatch.GetTimestamp();
        }

        public Activity? Activity { get; }

        private ClientTelemetry Telemetry => _operation.Telemetry;

        public static RequestObservation Start(OperationScope operation, CognitoOperation method, string userPoolId) => new(operation, method, userPoolId);

        public void Succeeded(string? requestId)
        {
            var elapsed = Stopwatch.GetElapsedTime(_started);
            Telemetry.Metrics.Attempts.Add(1, _methodTag);
            Telemetry.Metrics.AttemptDuration.Record(elapsed.TotalSeconds, _methodTag);
            Activity?.SetTag(ResourceServerTelemetry.RequestIdTag, requestId);
            Log.RequestSucceeded(Telemetry.Logger, _method, _userPoolId, _attempt, elapsed.TotalMilliseconds, requestId);
        }

        public void Failed(Exception exception, string? requestId)
        {
            var elapsed = Stopwatch.GetElapsedTime(_started);
            var errorType = ClientTelemetry.ErrorType(exception);
            var errorTag = new KeyValuePair<string, object?>(ResourceServerTelemetry.ErrorTypeTag, errorType);
            Telemetry.Metrics.Attempts.Add(1, _methodTag, errorTag);
            Telemetry.Metrics.AttemptDuration.Record(elapsed.TotalSeconds, _methodTag, errorTag);
            if (Activity is not null)
            {
                Activity.SetTag(ResourceServerTelemetry.RequestIdTag, requestId);
                Activity.SetTag(ResourceServerTelemetry.ErrorTypeTag, errorType);
                Activity.SetStatus(ActivityStatusCode.Error, errorType);
            }

            if (exception is CognitoServiceException { IsThrottle: true })
            {
                Telemetry.Metrics.Throttles.Add(1, _methodTag);
                Log.RequestThrottled(Telemetry.Logger, _method, _userPoolId, _attempt);
            }
            else
            {
                Log.RequestFailed(Telemetry.Logger, _method, _userPoolId, errorType, _attempt, elapsed.TotalMilliseconds, requestId);
            }
        }

        public void Dispose() => Activity?.Dispose();
    }

    /// <summary>
    /// What one enumeration of a pool's list has seen: its page tokens (<see cref="PageTokens"/>), and the servers
    /// yielded.
    /// </summary>
    /// <remarks>
    /// Its memory is bounded whatever the server sends: at most <see cref="MaxPages"/> token hashes, and at most
    /// <see cref="MaxResourceServersPerPool"/> identifiers.
    /// </remarks>
    private sealed class Paging
    {
        /// <summary>
        /// The most resource servers a user pool can hold: 25 by default, and 300 with the largest increase Cognito
        /// grants. The bound is the adjustable maximum rather than the default so that no legal pool is ever cut short.
        /// </summary>
        internal const int MaxResourceServersPerPool = 300;

        /// <summary>
        /// The most pages a legal pool can take: one server a page (the smallest page size) for a full pool, and one more
        /// page that ends the paging empty. A server still answering a token after that is paging without end.
        /// </summary>
        internal const int MaxPages = MaxResourceServersPerPool + 1;

        private readonly PageTokens _tokens = new(
            CognitoOperation.ListResourceServers.Name,
            MaxPages,
            string.Create(CultureInfo.InvariantCulture, $"more than a user pool of at most {MaxResourceServersPerPool} resource servers can fill"));

        private readonly List<int> _firstSightings = [];
        private HashSet<string>? _yielded;

        /// <summary>The token of the next page; null when paging is done.</summary>
        public string? NextToken => _tokens.NextToken;

        /// <summary>The indexes of the last page's servers seen for the first time (a server repeated across pages is yielded once).</summary>
        public IReadOnlyList<int> FirstSightings => _firstSightings;

        /// <summary>
        /// Takes <paramref name="page"/>'s servers and next token, refusing more distinct servers than a pool can hold,
        /// a token seen before, and one past <see cref="MaxPages"/>.
        /// </summary>
        public void Advance(ListResourceServersResponse page)
        {
            _firstSightings.Clear();
            var servers = page.ResourceServers;
            for (var i = 0; i < servers.Count; i++)
            {
                var yielded = _yielded ??= new HashSet<string>(StringComparer.Ordinal);

                // Stryker disable once String : equivalent: the answer checks require an identifier; any one key for a missing one dedupes the same.
                if (yielded.Add(servers[i].Identifier ?? string.Empty))
                {
                    _firstSightings.Add(i);
                    if (yielded.Count > MaxResourceServersPerPool)
                    {
                        throw CognitoServiceException.FromErrorCode(
                            CognitoErrorCodes.MalformedResponse,
                            string.Create(CultureInfo.InvariantCulture, $"ListResourceServers answered more than {MaxResourceServersPerPool} resource servers, more than a user pool can hold; paging stopped."),
                            System.Net.HttpStatusCode.OK,
                            page.RequestId);
                    }
                }
            }

            _tokens.Advance(page.NextToken, page.RequestId);
        }
    }
}
