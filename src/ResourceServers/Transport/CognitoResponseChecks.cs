using System.Globalization;
using ResourceServers.Wire;

namespace ResourceServers;

/// <summary>
/// Checks a parsed success answer against the request that produced it and against the service model before
/// anything uses it: a wrong <c>ServiceUrl</c>, a broken proxy or an attacker in the path must not be able to steer a
/// write to another pool or identifier, or hand the caller a server the service could never hold.
/// </summary>
/// <remarks>
/// Each check answers the problem as text, or null; the transport turns a problem into a
/// <see cref="CognitoErrorCodes.MalformedResponse"/> error. The model's own rules are applied through
/// <see cref="ResourceServerValidator"/>, the same code that checks requests, so the two can never drift apart.
/// </remarks>
internal static class CognitoResponseChecks
{
    // The paths of a single answer, built once. A list item is checked with them too (only whether there is a problem
    // counts then) and, when it fails, checked again with its own index in the paths.
    private static readonly MemberPaths SingleAnswer = new("ResourceServer");

    /// <summary>
    /// The longest <c>NextToken</c> accepted, in characters: 4096. The model sets no maximum, but Cognito's tokens are a
    /// few hundred characters, and each one is sent back in the next request, so a page answering a longer one is
    /// refused rather than echoed (docs/trusting-the-wire.md).
    /// </summary>
    internal const int MaxNextTokenLength = 4096;

    /// <summary>The most allowed OAuth scopes an app client holds (ScopeListType).</summary>
    internal const int MaxAllowedScopes = 50;

    /// <summary>Why <paramref name="server"/> cannot be the answer about (<paramref name="userPoolId"/>, <paramref name="identifier"/>), or null.</summary>
    /// <param name="server">The answered server: the <c>ResourceServer</c> of a single answer.</param>
    /// <param name="userPoolId">The pool the request named.</param>
    /// <param name="identifier">The identifier the request named.</param>
    public static string? ServerProblem(ResourceServerType? server, string userPoolId, string identifier) =>
        ServerProblem(server, listIndex: -1, userPoolId, identifier);

    /// <summary>Why <paramref name="page"/> cannot answer <paramref name="request"/>, or null: the list is required, no longer than the page asked for, and every item a valid server of the requested pool.</summary>
    public static string? PageProblem(ListResourceServersResponse page, ListResourceServersRequest request)
    {
        if (page.ResourceServers is not { } servers)
        {
            return "ResourceServers is missing";
        }

        var pageSize = request.MaxResults ?? ResourceServerValidator.MaxPageSize;
        if (servers.Count > pageSize)
        {
            return string.Create(CultureInfo.InvariantCulture, $"ResourceServers holds {servers.Count} resource servers for a page of at most {pageSize}");
        }

        for (var i = 0; i < servers.Count; i++)
        {
            if (ServerProblem(servers[i], listIndex: i, request.UserPoolId, identifier: null) is { } problem)
            {
                return problem;
            }
        }

        return TokenProblem(page.NextToken);
    }

    // Every listing's NextToken (the models' PaginationKey types): bounded, and matching their pattern [\S]+.
    private static string? TokenProblem(string? token) => token switch
    {
        { Length: > MaxNextTokenLength } tooLong => string.Create(CultureInfo.InvariantCulture, $"NextToken is {tooLong.Length} characters long; no token longer than {MaxNextTokenLength} is accepted"),
        { Length: > 0 } when token.AsSpan().ContainsAny(" \t\n\v\f\r") => "NextToken holds white space, which the model's pattern [\\S]+ excludes",
        _ => null,
    };

    private static bool IsUserPoolId(string id)
    {
        try
        {
            ResourceServerValidator.ValidateUserPoolId(id, "Id");
            return true;
        }
        catch (ResourceServerValidationException)
        {
            return false;
        }
    }

    /// <summary>Why <paramref name="page"/> cannot answer <paramref name="request"/>, or null: the list is required, no longer than asked for, every pool with a valid id and a name, and the token bounded and without white space.</summary>
    public static string? UserPoolPageProblem(ListUserPoolsResponse page, ListUserPoolsRequest request)
    {
        if (page.UserPools is not { } pools)
        {
            return "UserPools is missing";
        }

        if (pools.Count > request.MaxResults)
        {
            return string.Create(CultureInfo.InvariantCulture, $"UserPools holds {pools.Count} user pools for a page of at most {request.MaxResults}");
        }

        for (var i = 0; i < pools.Count; i++)
        {
            if (pools[i] is not { Id: { } id, Name: { Length: > 0 } } || !IsUserPoolId(id))
            {
                return string.Create(CultureInfo.InvariantCulture, $"UserPools[{i}] lacks a valid Id or a Name");
            }
        }

        return TokenProblem(page.NextToken);
    }

    /// <summary>
    /// Why the <paramref name="server"/> a create or replace answered does not show what was written (the
    /// <paramref name="name"/> and <paramref name="scopes"/> sent), or null. Compared as
    /// <see cref="ResourceServer.HasSameContentAs"/> compares, scopes by name whatever their order, as the service keeps
    /// them; an answer with the old state is not the write applied.
    /// </summary>
    /// <param name="server">The answered server, already checked by <see cref="ServerProblem(ResourceServerType?, string, string)"/>.</param>
    /// <param name="name">The name the request sent.</param>
    /// <param name="scopes">The scopes the request sent; none when null.</param>
    public static string? EchoProblem(ResourceServerType server, string name, IReadOnlyList<ResourceServerScopeType>? scopes)
    {
        var sent = WireMapping.ToModel(new ResourceServerType { Name = name, Scopes = scopes }, string.Empty, string.Empty);
        var answered = WireMapping.ToModel(server, string.Empty, string.Empty);
        if (answered.HasSameContentAs(sent))
        {
            return null;
        }

        return !string.Equals(answered.Name, sent.Name, StringComparison.Ordinal)
            ? "ResourceServer.Name is not the name the request wrote"
            : "ResourceServer.Scopes are not the scopes the request wrote";
    }

    /// <summary>
    /// Why <paramref name="page"/> cannot answer <paramref name="request"/>, or null: the list is required, no longer
    /// than the page asked for (<see cref="PageTokens.MaxQueryPageSize"/> at most), every item names an app client id and no other pool, and the token is one
    /// the next request can send back.
    /// </summary>
    public static string? ClientPageProblem(ListUserPoolClientsResponse page, ListUserPoolClientsRequest request)
    {
        if (page.UserPoolClients is not { } clients)
        {
            return "UserPoolClients is missing";
        }

        var pageSize = request.MaxResults ?? PageTokens.MaxQueryPageSize;
        if (clients.Count > pageSize)
        {
            return string.Create(CultureInfo.InvariantCulture, $"UserPoolClients holds {clients.Count} app clients for a page of at most {pageSize}");
        }

        for (var i = 0; i < clients.Count; i++)
        {
            var member = string.Create(CultureInfo.InvariantCulture, $"UserPoolClients[{i}]");
            if (clients[i] is not { } client)
            {
                return member + " is null";
            }

            if (ClientIdProblem(client.ClientId, member + ".ClientId") is { } problem)
            {
                return problem;
            }

            if (client.UserPoolId is not null && !string.Equals(client.UserPoolId, request.UserPoolId, StringComparison.Ordinal))
            {
                return member + ".UserPoolId is not the user pool the request named";
            }
        }

        return TokenProblem(page.NextToken);
    }

    /// <summary>Why <paramref name="client"/> cannot be the answer about (<paramref name="userPoolId"/>, <paramref name="clientId"/>), or null: the same client of the same pool, with at most 50 allowed scopes.</summary>
    public static string? ClientProblem(UserPoolClientType? client, string userPoolId, string clientId)
    {
        if (client is null)
        {
            return "UserPoolClient is missing";
        }

        if (!string.Equals(client.ClientId, clientId, StringComparison.Ordinal))
        {
            return "UserPoolClient.ClientId is not the app client the request named";
        }

        if (client.UserPoolId is not null && !string.Equals(client.UserPoolId, userPoolId, StringComparison.Ordinal))
        {
            return "UserPoolClient.UserPoolId is not the user pool the request named";
        }

        return client.AllowedOAuthScopes is { Count: > MaxAllowedScopes } scopes
            ? string.Create(CultureInfo.InvariantCulture, $"UserPoolClient.AllowedOAuthScopes holds {scopes.Count} scopes; an app client holds at most {MaxAllowedScopes}")
            : null;
    }

    // ClientIdType: 1..128 characters of [\w+].
    private static string? ClientIdProblem(string? clientId, string member) =>
        string.IsNullOrEmpty(clientId) || clientId.Length > 128 || !clientId.All(static c => ResourceServerValidator.IsAsciiWord(c) || c == '+')
            ? member + " is not an app client id (1..128 characters of [\\w+])"
            : null;

    // listIndex: -1 for the ResourceServer of a single answer, else the item's index in a page's ResourceServers. The
    // member's path is built only for a problem: every valid answer would pay for the strings otherwise.
    private static string? ServerProblem(ResourceServerType? server, int listIndex, string userPoolId, string? identifier)
    {
        string Member() => listIndex < 0 ? SingleAnswer.Member : string.Create(CultureInfo.InvariantCulture, $"ResourceServers[{listIndex}]");

        if (server is null)
        {
            return $"{Member()} is missing";
        }

        // Required: the service always sends them, and without them the answer cannot be matched to the request.
        if (server.UserPoolId is null || server.Identifier is null || server.Name is null)
        {
            var missing = server.UserPoolId is null ? "UserPoolId" : server.Identifier is null ? "Identifier" : "Name";
            return $"{Member()}.{missing} is missing";
        }

        if (!string.Equals(server.UserPoolId, userPoolId, StringComparison.Ordinal))
        {
            return $"{Member()}.UserPoolId is '{server.UserPoolId}', not the user pool the request named";
        }

        if (identifier is not null && !string.Equals(server.Identifier, identifier, StringComparison.Ordinal))
        {
            return $"{Member()}.Identifier is '{server.Identifier}', not the resource server the request named";
        }

        ResourceServerScope[]? scopes = null;
        if (server.Scopes is { } wireScopes)
        {
            // Counted before anything is built from it: two million scopes must not become two million objects.
            if (wireScopes.Count > ResourceServerValidator.MaxScopes)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{Member()}.Scopes holds {wireScopes.Count} scopes; the service allows at most {ResourceServerValidator.MaxScopes}");
            }

            scopes = new ResourceServerScope[wireScopes.Count];
            for (var i = 0; i < scopes.Length; i++)
            {
                if (wireScopes[i] is not { ScopeName: { } name, ScopeDescription: { } description })
                {
                    return string.Create(CultureInfo.InvariantCulture, $"{Member()}.Scopes[{i}] is missing or lacks ScopeName or ScopeDescription");
                }

                scopes[i] = new ResourceServerScope(name, description);
            }
        }

        if (ModelProblem(server, scopes, SingleAnswer) is not { } problem)
        {
            return null;
        }

        if (listIndex < 0)
        {
            return problem;
        }

        // A list item's problem is said again with the item's own index in the paths.
        return ModelProblem(server, scopes, new MemberPaths(Member()));
    }

    // The model's own rules, through the validator that checks requests, so the two cannot drift apart.
    private static string? ModelProblem(ResourceServerType server, ResourceServerScope[]? scopes, MemberPaths paths)
    {
        try
        {
            ResourceServerValidator.ValidateUserPoolId(server.UserPoolId, paths.UserPoolId);
            ResourceServerValidator.ValidateIdentifier(server.Identifier, paths.Identifier);
            ResourceServerValidator.ValidateName(server.Name, paths.Name);
            ResourceServerValidator.ValidateScopes(scopes, paths.Scopes);
            return null;
        }
        catch (ResourceServerValidationException e)
        {
            return e.Message.TrimEnd('.');
        }
    }

    /// <summary>The paths a problem names, built once per answer shape rather than once per answer.</summary>
    private sealed class MemberPaths(string member)
    {
        public string Member { get; } = member;

        public string UserPoolId { get; } = member + ".UserPoolId";

        public string Identifier { get; } = member + ".Identifier";

        public string Name { get; } = member + ".Name";

        public string Scopes { get; } = member + ".Scopes";
    }
}
