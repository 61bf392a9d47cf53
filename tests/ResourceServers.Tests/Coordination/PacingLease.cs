using System.Threading.RateLimiting;

namespace ResourceServers.Tests.Coordination;

/// <summary>A limiter's answer to one request: a permit, or "not yet" with the RetryAfter a limiter may say.</summary>
internal sealed class PacingLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
{
    public override bool IsAcquired => acquired;

    public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = retryAfter is { } value && metadataName == MetadataName.RetryAfter.Name ? value : null;
        return metadata is not null;
    }
}
