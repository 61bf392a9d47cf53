namespace ResourceServers.Testing;

/// <summary>What the SigV4 verifier needs from an HTTP request, independent of any server type.</summary>
/// <param name="Method">The HTTP method, e.g. <c>POST</c>.</param>
/// <param name="RawPath">The path exactly as sent (still percent-encoded), e.g. <c>/</c>.</param>
/// <param name="RawQuery">The query string as sent, without the leading <c>?</c>; empty when there is none.</param>
/// <param name="Headers">Every request header, names compared case-insensitively; a header sent more than once has several values.</param>
/// <param name="Body">The request body.</param>
internal sealed record SigV4Request(
    string Method,
    string RawPath,
    string RawQuery,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Headers,
    ReadOnlyMemory<byte> Body);
