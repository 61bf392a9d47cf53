namespace ResourceServers.Testing;

/// <summary>Temporary credentials the emulator's STS issued: good only with their session token and until they expire.</summary>
/// <param name="AccessKeyId">The access key id, <c>ASIA...</c> as AWS issues temporary ones.</param>
/// <param name="SecretAccessKey">The secret.</param>
/// <param name="SessionToken">The token every request signed with them must carry in <c>X-Amz-Security-Token</c>.</param>
/// <param name="Expiration">When they stop being accepted.</param>
internal sealed record TemporaryCredential(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration)
{
    /// <inheritdoc />
    public override string ToString() => $"{AccessKeyId} (expires {Expiration:O})";
}
