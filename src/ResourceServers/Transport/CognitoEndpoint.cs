using System.Net;
using Amazon;
using Amazon.Runtime;

namespace ResourceServers.Transport;

/// <summary>The resolved address of Cognito user-pool operations and the region requests are signed for.</summary>
public sealed class CognitoEndpoint
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

    /// <summary>
    /// Resolves the endpoint: the region from <see cref="CognitoTransportOptions.Region"/>, else the SDK's region chain;
    /// the URL from <see cref="CognitoTransportOptions.ServiceUrl"/>, else <c>https://cognito-idp[-fips].{region}.{dnsSuffix}/</c>.
    /// </summary>
    /// <param name="options">The transport options.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="InvalidOperationException">No region is configured anywhere.</exception>
    /// <exception cref="ArgumentException">The region or service URL is malformed, or the service URL is plain http to a non-loopback host.</exception>
    public static CognitoEndpoint Resolve(CognitoTransportOptions options) =>
        Resolve(options, FallbackRegionFactory.GetRegionEndpoint);

    /// <inheritdoc />
    public override string ToString() => $"{ServiceUrl} (signing region {Region.SystemName})";

    // The fallback is a seam so tests do not depend on the AWS_REGION of the machine they run on.
    internal static CognitoEndpoint Resolve(CognitoTransportOptions options, Func<RegionEndpoint?> fallbackRegion)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(fallbackRegion);

        var region = ResolveRegion(options.Region, fallbackRegion);
        if (options.ServiceUrl is { } overrideUrl)
        {
            ValidateServiceUrl(overrideUrl);
            return new CognitoEndpoint(overrideUrl, region);
        }

        var prefix = options.UseFips ? "cognito-idp-fips" : "cognito-idp";
        var suffix = string.IsNullOrEmpty(region.PartitionDnsSuffix) ? "amazonaws.com" : region.PartitionDnsSuffix;
        return new CognitoEndpoint(new Uri($"https://{prefix}.{region.SystemName}.{suffix}/", UriKind.Absolute), region);
    }

    private static RegionEndpoint ResolveRegion(string? configured, Func<RegionEndpoint?> fallbackRegion)
    {
        // Blank counts as unset: configuration binding turns an empty setting into "" rather than null.
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var name = configured.Trim();
            // The name becomes part of a host name: anything but a DNS label would redirect or break the URL.
            if (!IsRegionName(name))
            {
                throw new ArgumentException(
                    $"CognitoTransportOptions.Region '{configured}' is not an AWS Region name (lower-case letters, digits and '-', e.g. 'us-east-1').",
                    "options");
            }

            return RegionEndpoint.GetBySystemName(name);
        }

        return fallbackRegion()
            ?? throw new InvalidOperationException(
                "No AWS Region is configured for Cognito: set CognitoTransportOptions.Region, or the AWS_REGION environment variable, or 'region' in the AWS profile.");
    }

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

    private static void ValidateServiceUrl(Uri url)
    {
        if (ServiceUrlProblem(url, "CognitoTransportOptions.ServiceUrl") is { } problem)
        {
            throw new ArgumentException(problem, "options");
        }
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
            return $"{setting} '{url}' must be an absolute URL.";
        }

        if (url.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        if (url.Scheme != Uri.UriSchemeHttp)
        {
            return $"{setting} must use https (or http to a loopback host); '{url.Scheme}' is not supported.";
        }

        // Signed requests over plain http can be read and replayed on the way; only this machine is trusted.
        return IsLoopbackHost(url)
            ? null
            : $"{setting} '{url.GetLeftPart(UriPartial.Authority)}' uses plain http to a host that is not loopback; use https, or http only to 127.0.0.0/8, ::1 or localhost.";
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
