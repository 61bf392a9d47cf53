using System.Net;
using Amazon;
using Amazon.Runtime;

namespace ResourceServers;

/// <summary>The resolved address of Cognito user-pool operations and the region requests are signed for.</summary>
internal sealed class CognitoEndpoint
{
    private CognitoEndpoint(Uri serviceUrl, RegionEndpoint region)
    {
        ServiceUrl = serviceUrl;
        Region = region;
    }

    /// <summary>The URL every operation is POSTed to, e.g. <c>https://cognito-idp.us-east-1.amazonaws.com/</c>.</summary>
    public Uri ServiceUrl { get; }

    /// <summary>The signing region.</summary>
    public RegionEndpoint Region { get; }

    /// <summary>The Region's own endpoint: <c>https://cognito-idp[-fips].{region}.{dnsSuffix}/</c>.</summary>
    public static CognitoEndpoint ForRegion(RegionEndpoint region, bool useFips)
    {
        var prefix = useFips ? "cognito-idp-fips" : "cognito-idp";
        var suffix = string.IsNullOrEmpty(region.PartitionDnsSuffix) ? "amazonaws.com" : region.PartitionDnsSuffix;
        return new CognitoEndpoint(new Uri($"https://{prefix}.{region.SystemName}.{suffix}/", UriKind.Absolute), region);
    }

    /// <summary>An overriding service URL (an emulator, a proxy), still signed for <paramref name="region"/>.</summary>
    /// <exception cref="ArgumentException">The URL is not allowed (see <see cref="ServiceUrlProblem"/>); the message names <paramref name="setting"/>.</exception>
    public static CognitoEndpoint ForServiceUrl(Uri serviceUrl, string setting, RegionEndpoint region) =>
        ServiceUrlProblem(serviceUrl, setting) is { } problem
            ? throw new ArgumentException(problem, "options")
            : new CognitoEndpoint(serviceUrl, region);

    /// <inheritdoc />
    public override string ToString() => $"{ServiceUrl} (signing region {Region.SystemName})";

    internal static bool IsRegionName(string name)
    {
        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return name[0] != '-' && name[^1] != '-';
    }

    /// <summary>
    /// Why <paramref name="url"/> may not be a service URL, or null when it may: it must be absolute and https, or
    /// http to a loopback host. The one rule for the transport and for start-up validation.
    /// </summary>
    /// <param name="url">The URL.</param>
    /// <param name="setting">The setting's name, to start the message with.</param>
    internal static string? ServiceUrlProblem(Uri url, string setting)
    {
        if (!url.IsAbsoluteUri)
        {
            return $"{setting} must be an absolute URL.";
        }

        if (url.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        if (url.Scheme != Uri.UriSchemeHttp)
        {
            return $"{setting} must use https (or http to a loopback host); '{url.Scheme}' is not supported.";
        }

        // Signed requests over plain http can be read and replayed on the way; only this machine is trusted. The message
        // names scheme and authority only (Uri.Authority leaves out any user:password a URL may carry).
        return IsLoopbackHost(url)
            ? null
            : $"{setting} '{url.Scheme}://{url.Authority}' uses plain http to a host that is not loopback; use https, or http only to 127.0.0.0/8, ::1 or localhost.";
    }

    internal static bool IsLoopbackHost(Uri url)
    {
        if (url.HostNameType == UriHostNameType.Dns)
        {
            return string.Equals(url.Host, "localhost", StringComparison.OrdinalIgnoreCase);
        }

        return IPAddress.TryParse(url.DnsSafeHost, out var address)
            && (IPAddress.IsLoopback(address) || (address.IsIPv4MappedToIPv6 && IPAddress.IsLoopback(address.MapToIPv4())));
    }
}
