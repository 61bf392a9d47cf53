namespace ResourceServers.Benchmarks;

/// <summary>What one request put on the wire: method, URI, every header and the body, for comparing the two sides.</summary>
internal sealed record OverheadCapturedRequest(string Method, Uri? Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public static async Task<OverheadCapturedRequest> FromAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers.NonValidated)
        {
            headers[name] = values.ToString();
        }

        var body = Array.Empty<byte>();
        if (request.Content is { } content)
        {
            foreach (var (name, values) in content.Headers.NonValidated)
            {
                headers[name] = values.ToString();
            }

            body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }

        return new OverheadCapturedRequest(request.Method.Method, request.RequestUri, headers, body);
    }
}
