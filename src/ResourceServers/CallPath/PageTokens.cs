using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace ResourceServers;

/// <summary>
/// The page tokens of one listing (ListResourceServers, ListUserPools, ListUserPoolClients), followed without trusting
/// the server: a null or empty token ends the listing; a token given before (which would page for ever; botocore and
/// the Go SDK's StopOnDuplicateToken refuse it too), or any token once the listing has taken the most pages it can
/// legally fill, stops it with <see cref="CognitoErrorCodes.MalformedResponse"/>.
/// </summary>
/// <remarks>
/// A token's shape (its length, white space) is the answer checks' concern (<see cref="CognitoResponseChecks"/>); here
/// any non-empty token is one to send back. Memory stays bounded whatever the server sends: a 128-bit hash per token
/// (never the token, which the server sizes), and at most the page limit of them.
/// </remarks>
internal sealed class PageTokens
{
    /// <summary>The largest page of ListUserPools and ListUserPoolClients: the model's QueryLimitType, 1..60.</summary>
    internal const int MaxQueryPageSize = 60;

    private readonly string _listing;
    private readonly int _maxPages;
    private readonly string _limit;
    private HashSet<UInt128>? _given;

    /// <param name="listing">What is listed, opening every error message (e.g. <c>ListUserPools</c>).</param>
    /// <param name="maxPages">The most pages a legal listing takes; a token answered on that page stops the paging.</param>
    /// <param name="limit">Why no legal listing takes more pages, for the error message.</param>
    public PageTokens(string listing, int maxPages, string limit)
    {
        _listing = listing;
        _maxPages = maxPages;
        _limit = limit;
    }

    /// <summary>The token of the next page; null before the first page and once paging is done.</summary>
    public string? NextToken { get; private set; }

    /// <summary>The pages taken so far.</summary>
    public int Pages { get; private set; }

    /// <summary>Takes the token a page answered; returns whether another page follows.</summary>
    /// <param name="answered">The page's <c>NextToken</c>.</param>
    /// <param name="requestId">The page's request id, carried by the error.</param>
    /// <exception cref="CognitoServiceException">With <see cref="CognitoErrorCodes.MalformedResponse"/>: the token was given before, or came after the most pages a legal listing takes.</exception>
    public bool Advance(string? answered, string? requestId)
    {
        Pages++;
        var token = string.IsNullOrEmpty(answered) ? null : answered;
        if (token is not null && !(_given ??= []).Add(HashOf(token)))
        {
            throw Stopped("answered a NextToken it had already given", requestId);
        }

        if (token is not null && Pages >= _maxPages)
        {
            throw Stopped(string.Create(CultureInfo.InvariantCulture, $"still answered a NextToken after {Pages} pages, {_limit}"), requestId);
        }

        NextToken = token;
        return token is not null;
    }

    // SHA-256 cut to 128 bits: distinct tokens never pass for a repeat, and 16 bytes are kept per token however long
    // the server makes it.
    private static UInt128 HashOf(string token)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(token.AsSpan()), hash);
        return BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }

    private CognitoServiceException Stopped(string what, string? requestId) =>
        CognitoServiceException.FromErrorCode(CognitoErrorCodes.MalformedResponse, $"{_listing} {what}; paging stopped.", HttpStatusCode.OK, requestId);
}
