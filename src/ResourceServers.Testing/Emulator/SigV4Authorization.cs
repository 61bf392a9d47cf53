namespace ResourceServers.Testing;

/// <summary>The parts of an <c>Authorization: AWS4-HMAC-SHA256 ...</c> header.</summary>
/// <param name="AccessKeyId">The access key id of the credential.</param>
/// <param name="Date">The credential scope date, <c>yyyyMMdd</c>.</param>
/// <param name="Region">The credential scope region.</param>
/// <param name="Service">The credential scope service.</param>
/// <param name="SignedHeaders">The signed header names, lowercased, trimmed and sorted.</param>
/// <param name="Signature">The hex signature as sent.</param>
internal sealed record SigV4Authorization(
    string AccessKeyId,
    string Date,
    string Region,
    string Service,
    IReadOnlyList<string> SignedHeaders,
    string Signature)
{
    /// <summary>The credential scope, <c>date/region/service/aws4_request</c>.</summary>
    public string Scope => $"{Date}/{Region}/{Service}/{SigV4Verifier.Terminator}";
}
