using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace ResourceServers.Benchmarks;

/// <summary>
/// An in-memory Cognito: answers each request with fixed response bytes chosen by its <c>X-Amz-Target</c>, so the
/// benchmark measures the client side only. Both the raw baseline and the facade send through the same instance.
/// </summary>
internal sealed class OverheadCannedCognitoHandler : HttpMessageHandler
{
    private const string RequestId = "00000000-0000-0000-0000-000000000000";

    private readonly Dictionary<string, byte[]> _responses;
    private readonly byte[] _unknownTarget = Encoding.UTF8.GetBytes("""{"__type":"UnknownOperationException","message":"no canned response"}""");

    public OverheadCannedCognitoHandler(IReadOnlyDictionary<string, string> responsesByTarget) =>
        _responses = responsesByTarget.ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetBytes(kv.Value), StringComparer.Ordinal);

    /// <summary>When set, every request is recorded in <see cref="Captured"/> (used by the preflight, not while measuring).</summary>
    public bool Capture { get; set; }

    public List<OverheadCapturedRequest> Captured { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Capture)
        {
            Captured.Add(await OverheadCapturedRequest.FromAsync(request, cancellationToken).ConfigureAwait(false));
        }

        // NonValidated reads the raw header without parsing or allocating an enumerator: the handler stays cheap, and
        // equally cheap for both sides.
        var known = request.Headers.NonValidated.TryGetValues("X-Amz-Target", out var targets)
            && targets.Count == 1
            && _responses.TryGetValue(targets.ToString(), out _);
        var body = known ? _responses[targets.ToString()] : _unknownTarget;
        var response = new HttpResponseMessage(known ? HttpStatusCode.OK : HttpStatusCode.BadRequest)
        {
            Content = new ByteArrayContent(body),
            RequestMessage = request,
        };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-amz-json-1.1");
        response.Headers.TryAddWithoutValidation("x-amzn-RequestId", RequestId);
        return response;
    }
}
