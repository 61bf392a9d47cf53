using System.Globalization;
using ResourceServers.Wire;

namespace ResourceServers.Testing;

/// <summary>
/// Checks requests as the service does, on the wire shapes (a null Scopes is allowed, scopes carry ScopeName and
/// ScopeDescription), with the library's own per-member rules (<see cref="ResourceServerValidator"/>), so client and fake
/// service cannot drift apart. A broken rule is answered as the service answers it: InvalidParameterException.
/// </summary>
internal static class WireRequestValidator
{
    public static void Validate(CreateResourceServerRequest request, string requestId) =>
        Run(request, requestId, static r =>
        {
            ValidateKey(r.UserPoolId, r.Identifier);
            ResourceServerValidator.ValidateName(r.Name, "Name");
            ValidateScopes(r.Scopes);
        });

    public static void Validate(UpdateResourceServerRequest request, string requestId) =>
        Run(request, requestId, static r =>
        {
            ValidateKey(r.UserPoolId, r.Identifier);
            ResourceServerValidator.ValidateName(r.Name, "Name");
            ValidateScopes(r.Scopes);
        });

    public static void Validate(DescribeResourceServerRequest request, string requestId) =>
        Run(request, requestId, static r => ValidateKey(r.UserPoolId, r.Identifier));

    public static void Validate(DeleteResourceServerRequest request, string requestId) =>
        Run(request, requestId, static r => ValidateKey(r.UserPoolId, r.Identifier));

    public static void Validate(ListResourceServersRequest request, string requestId) =>
        Run(request, requestId, static r =>
        {
            ResourceServerValidator.ValidateUserPoolId(r.UserPoolId, "UserPoolId");
            ResourceServerValidator.ValidatePageSize(r.MaxResults, "MaxResults");
            ResourceServerValidator.ValidateNextToken(r.NextToken, "NextToken");
        });

    public static void Run<T>(T state, string? requestId, Action<T> check)
    {
        try
        {
            check(state);
        }
        catch (ResourceServerValidationException e)
        {
            throw Invalid(e.Member, $"{e.Rule} ({e.Detail})", requestId);
        }
    }

    /// <summary>The service's wording for a broken constraint, naming the member and the rule.</summary>
    public static CognitoServiceException Invalid(string member, string constraint, string? requestId) =>
        CognitoServiceException.FromErrorCode(CognitoErrorCodes.InvalidParameter, $"1 validation error detected: Value at '{member}' failed to satisfy constraint: {constraint}.", requestId: requestId);

    private static void ValidateKey(string? userPoolId, string? identifier)
    {
        ResourceServerValidator.ValidateUserPoolId(userPoolId, "UserPoolId");
        ResourceServerValidator.ValidateIdentifier(identifier, "Identifier");
    }

    private static void ValidateScopes(IReadOnlyList<ResourceServerScopeType>? scopes)
    {
        if (scopes is null)
        {
            return;
        }

        if (scopes.Count > ResourceServerValidator.MaxScopes)
        {
            throw new ResourceServerValidationException(
                "Scopes",
                $"at most {ResourceServerValidator.MaxScopes.ToString(CultureInfo.InvariantCulture)} scopes",
                $"count was {scopes.Count.ToString(CultureInfo.InvariantCulture)}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < scopes.Count; i++)
        {
            var path = $"Scopes[{i.ToString(CultureInfo.InvariantCulture)}]";
            var scope = scopes[i] ?? throw new ResourceServerValidationException(path, "is required", "it was null");
            ResourceServerValidator.ValidateScopeName(scope.ScopeName, path + ".ScopeName");
            ResourceServerValidator.ValidateScopeDescription(scope.ScopeDescription, path + ".ScopeDescription");
            if (!seen.Add(scope.ScopeName))
            {
                throw new ResourceServerValidationException(path + ".ScopeName", "scope names must be unique", $"'{scope.ScopeName}' appears more than once");
            }
        }
    }
}
