using System.Globalization;
using System.Security.Cryptography;
using ResourceServers.Wire;

namespace ResourceServers.Testing;

/// <summary>
/// The app clients of one in-memory user pool, with the service's rules for what this test kit serves of them:
/// CreateUserPoolClient checks <c>AllowedOAuthScopes</c> against the pool's resource servers
/// (<see cref="ScopeDoesNotExist"/> for a custom scope that does not exist), ListUserPoolClients pages ids and names
/// in ordinal order of client id, DescribeUserPoolClient and DeleteUserPoolClient find a client by id. Not
/// thread-safe: the pool's gate guards it.
/// </summary>
internal sealed class AppClientStore
{
    /// <summary>The error code Cognito answers for an allowed scope that names no scope of the pool.</summary>
    public const string ScopeDoesNotExist = "ScopeDoesNotExistException";

    /// <summary>The largest ListUserPoolClients page, and its size when MaxResults is absent.</summary>
    public const int MaxPageSize = 60;

    /// <summary>The most allowed OAuth scopes one app client may hold.</summary>
    public const int MaxAllowedScopes = 50;

    /// <summary>App clients per user pool (Cognito's default quota).</summary>
    public const int MaxClientsPerPool = 1000;

    private const int MaxClientNameLength = 128;
    private const int ClientIdLength = 26;
    private const int ClientSecretLength = 51;
    private const string ClientIdAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
    private const string ClientSecretAlphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    // The scopes of the user pool itself, which need no resource server.
    private static readonly HashSet<string> StandardScopes = new(StringComparer.Ordinal) { "openid", "email", "phone", "profile", "aws.cognito.signin.user.admin" };

    // Ordinal order is the listing order, so a page token can resume after the last client id it returned.
    private readonly SortedDictionary<string, InMemoryAppClient> _clients = new(StringComparer.Ordinal);

    public int Count => _clients.Count;

    /// <summary>Creates an app client; <paramref name="servers"/> are the pool's resource servers, which its custom scopes must name.</summary>
    public InMemoryAppClient Create(string userPoolId, string clientName, IReadOnlyList<string>? allowedScopes, bool generateSecret, IReadOnlyDictionary<string, ResourceServerType> servers, DateTimeOffset now, string? requestId)
    {
        WireRequestValidator.Run(clientName, requestId, static name =>
        {
            ResourceServerValidator.ValidateName(name, "ClientName");
            if (name.Length > MaxClientNameLength)
            {
                throw new ResourceServerValidationException("ClientName", $"length must be 1..{MaxClientNameLength.ToString(CultureInfo.InvariantCulture)}", $"length was {name.Length.ToString(CultureInfo.InvariantCulture)}");
            }
        });

        var scopes = allowedScopes?.ToArray() ?? [];
        WireRequestValidator.Run(scopes, requestId, static list =>
        {
            if (list.Length > MaxAllowedScopes)
            {
                throw new ResourceServerValidationException("AllowedOAuthScopes", $"at most {MaxAllowedScopes.ToString(CultureInfo.InvariantCulture)} scopes", $"count was {list.Length.ToString(CultureInfo.InvariantCulture)}");
            }

            for (var i = 0; i < list.Length; i++)
            {
                // ScopeType has the identifier's character set and length.
                ResourceServerValidator.ValidateIdentifier(list[i], $"AllowedOAuthScopes[{i.ToString(CultureInfo.InvariantCulture)}]");
            }
        });

        foreach (var scope in scopes)
        {
            if (!StandardScopes.Contains(scope) && !Exists(scope, servers))
            {
                throw CognitoServiceException.FromErrorCode(ScopeDoesNotExist, $"Invalid scope requested: {scope}", requestId: requestId);
            }
        }

        if (_clients.Count >= MaxClientsPerPool)
        {
            throw CognitoServiceException.FromErrorCode(CognitoErrorCodes.LimitExceeded, $"User pool {userPoolId} already has {MaxClientsPerPool.ToString(CultureInfo.InvariantCulture)} app clients, the most it may hold.", requestId: requestId);
        }

        while (true)
        {
            var id = RandomNumberGenerator.GetString(ClientIdAlphabet, ClientIdLength);
            var secret = generateSecret ? RandomNumberGenerator.GetString(ClientSecretAlphabet, ClientSecretLength) : null;
            var client = new InMemoryAppClient(userPoolId, id, clientName, Array.AsReadOnly(scopes.Distinct(StringComparer.Ordinal).ToArray()), secret, now);
            if (_clients.TryAdd(id, client))
            {
                return client;
            }
        }
    }

    /// <summary>One page of ids and names after the client id the token names.</summary>
    public (IReadOnlyList<UserPoolClientDescription> Page, string? LastClientId) List(int? maxResults, string? after, string? requestId, Func<int, int> pageSizeOf)
    {
        if (maxResults is < 1 or > MaxPageSize)
        {
            throw WireRequestValidator.Invalid("MaxResults", $"must be 1..{MaxPageSize.ToString(CultureInfo.InvariantCulture)} (it was {maxResults?.ToString(CultureInfo.InvariantCulture)})", requestId);
        }

        var size = pageSizeOf(maxResults ?? MaxPageSize);
        var page = new List<UserPoolClientDescription>(Math.Min(size, _clients.Count));
        var more = false;
        foreach (var (id, client) in _clients)
        {
            if (after is not null && string.CompareOrdinal(id, after) <= 0)
            {
                continue;
            }

            if (page.Count == size)
            {
                more = true;
                break;
            }

            page.Add(new UserPoolClientDescription { ClientId = id, UserPoolId = client.UserPoolId, ClientName = client.ClientName });
        }

        return (page.AsReadOnly(), more ? page[^1].ClientId : null);
    }

    /// <summary>The app client with that id.</summary>
    public InMemoryAppClient Get(string userPoolId, string clientId, string? requestId) =>
        _clients.TryGetValue(clientId, out var client)
            ? client
            : throw CognitoServiceException.FromErrorCode(CognitoErrorCodes.ResourceNotFound, $"User pool client {clientId} does not exist in user pool {userPoolId}.", requestId: requestId);

    /// <summary>Deletes the app client with that id.</summary>
    public void Delete(string userPoolId, string clientId, string? requestId)
    {
        _ = Get(userPoolId, clientId, requestId);
        _clients.Remove(clientId);
    }

    /// <summary>Checks a client id as the model does: 1..128 characters of <c>[\w+]</c>.</summary>
    public static void ValidateClientId(string? clientId, string? requestId)
    {
        if (string.IsNullOrEmpty(clientId) || clientId.Length > 128 || !clientId.All(static c => char.IsAsciiLetterOrDigit(c) || c is '_' or '+'))
        {
            throw WireRequestValidator.Invalid("ClientId", "Member must satisfy regular expression pattern: [\\w+]+ and have length 1..128", requestId);
        }
    }

    // A custom scope is "identifier/scope"; identifiers may hold '/', scope names may not, so the last '/' splits them.
    private static bool Exists(string scope, IReadOnlyDictionary<string, ResourceServerType> servers)
    {
        var slash = scope.LastIndexOf('/');
        return slash > 0
            && servers.TryGetValue(scope[..slash], out var server)
            && server.Scopes is { } scopes
            && scopes.Any(s => string.Equals(s.ScopeName, scope[(slash + 1)..], StringComparison.Ordinal));
    }
}
