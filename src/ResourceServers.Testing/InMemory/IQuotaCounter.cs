namespace ResourceServers.Testing;

/// <summary>
/// One rate quota as the service counts it (see <see cref="CognitoQuotaModel"/>). Not thread-safe:
/// <see cref="RateQuotaEnforcer"/> serializes access.
/// </summary>
internal interface IQuotaCounter
{
    /// <summary>Whether a call arriving at <paramref name="now"/> (a <see cref="TimeProvider"/> timestamp) fits; brings the counter up to that time first.</summary>
    bool HasRoom(long now);

    /// <summary>Counts a call; valid right after <see cref="HasRoom"/> said it fits.</summary>
    void Take();
}
