using System.Text.Json.Serialization;

namespace ResourceServers.Wire;

/// <summary>
/// What every response of the port carries besides its body, as the AWS SDKs' <c>ResponseMetadata</c> does: the
/// request id the service gave it, so the client reports it without any ambient state.
/// </summary>
public abstract record CognitoResponse
{
    /// <summary>The <c>x-amzn-RequestId</c> of the response; null when the service (or a fake) gave none.</summary>
    [JsonIgnore]
    public string? RequestId { get; init; }

    /// <summary>An error body's <c>__type</c> found in a success body; the HTTP transport refuses such an answer.</summary>
    [JsonIgnore]
    internal string? ErrorType { get; set; }
}
