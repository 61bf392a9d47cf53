using System.Collections.Concurrent;

namespace ResourceServers.IntegrationTests.Resilience;

/// <summary>
/// Sits between the transport and the socket handler and records every request the client sends: how many went out
/// (also those the emulator refuses before its Cognito sees them) and the signature each carried.
/// </summary>
internal sealed class RequestRecorder : DelegatingHandler
{
    private readonly ConcurrentQueue<RecordedRequest> _sent = new();

    public RequestRecorder(HttpMessageHandler inner)
        : base(inner)
    {
    }

    /// <summary>Answers in place of the network when set; the request is recorded all the same.</summary>
    public Func<HttpRequestMessage, HttpResponseMessage>? Responder { get; set; }

    public IReadOnlyList<RecordedRequest> Sent => [.. _sent];

    public int Count => _sent.Count;

    public void Clear() => _sent.Clear();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _sent.Enqueue(new RecordedRequest(Header(request, "X-Amz-Target"), Header(request, "X-Amz-Date"), Header(request, "Authorization")));
        return Responder is { } responder ? Task.FromResult(responder(request)) : base.SendAsync(request, cancellationToken);
    }

    private static string? Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
