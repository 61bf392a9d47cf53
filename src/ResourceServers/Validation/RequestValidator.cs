using System.Globalization;
using ResourceServers.Models;

namespace ResourceServers.Validation;

/// <summary>
/// Checks requests against the constraints of the service model before anything is sent. The patterns are the
/// model's, read with ASCII meanings of <c>\w</c> and <c>\s</c> (the service's), not .NET's Unicode ones, so they
/// are written as character tests rather than <see cref="System.Text.RegularExpressions.Regex"/>.
/// </summary>
internal static class RequestValidator
{
    internal const int MaxUserPoolIdLength = 55;
    internal const int MaxIdentifierLength = 256;
    internal const int MaxNameLength = 256;
    internal const int MaxScopeNameLength = 256;
    internal const int MaxScopeDescriptionLength = 256;
    internal const int MaxScopes = 100;
    internal const int MinPageSize = 1;
    internal const int MaxPageSize = 50;

    public static void ValidateKey(string? userPoolId, string? identifier)
    {
        ValidateUserPoolId(userPoolId, "UserPoolId");
        ValidateIdentifier(identifier, "Identifier");
    }

    public static void ValidateResourceServer(ResourceServer? resourceServer)
    {
        if (resourceServer is null)
        {
            throw new ArgumentNullException(nameof(resourceServer));
        }

        ValidateKey(resourceServer.UserPoolId, resourceServer.Identifier);
        ValidateName(resourceServer.Name, "Name");
        ValidateScopes(resourceServer.Scopes, "Scopes");
    }

    public static void ValidateUserPoolId(string? value, string member)
    {
        CheckLength(value, member, MaxUserPoolIdLength);
        // [\w-]+_[0-9a-zA-Z]+ : the last '_' splits it, since the suffix cannot contain '_' and the prefix can.
        var underscore = value!.LastIndexOf('_');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var ok = i == underscore || (i < underscore ? IsAsciiWord(c) || c == '-' : char.IsAsciiLetterOrDigit(c));
            if (!ok)
            {
                throw BadCharacter(member, "must match [\\w-]+_[0-9a-zA-Z]+ (ASCII)", value, i);
            }
        }

        if (underscore <= 0 || underscore == value.Length - 1)
        {
            throw new ResourceServerValidationException(member, "must match [\\w-]+_[0-9a-zA-Z]+ (ASCII)", "expected '<region>_<id>' with text on both sides of the last '_'");
        }
    }

    public static void ValidateIdentifier(string? value, string member)
    {
        CheckLength(value, member, MaxIdentifierLength);
        CheckEach(value!, member, IsIdentifierChar, "must be printable ASCII without space, '\"' or '\\' ([\\x21\\x23-\\x5B\\x5D-\\x7E]+)");
    }

    public static void ValidateName(string? value, string member)
    {
        CheckLength(value, member, MaxNameLength);
        CheckEach(value!, member, IsNameChar, "may contain only ASCII letters, digits, '_', white space and + = , . @ - ([\\w\\s+=,.@-]+)");
    }

    public static void ValidateScopeName(string? value, string member)
    {
        CheckLength(value, member, MaxScopeNameLength);
        CheckEach(value!, member, IsScopeNameChar, "must be printable ASCII without space, '\"', '\\' or '/' ([\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]+)");
    }

    public static void ValidateScopeDescription(string? value, string member) => CheckLength(value, member, MaxScopeDescriptionLength);

    public static void ValidateScopes(IReadOnlyList<ResourceServerScope> scopes, string member)
    {
        if (scopes.Count > MaxScopes)
        {
            throw new ResourceServerValidationException(member, $"at most {MaxScopes} scopes", $"count was {scopes.Count.ToString(CultureInfo.InvariantCulture)}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < scopes.Count; i++)
        {
            var path = $"{member}[{i.ToString(CultureInfo.InvariantCulture)}]";
            var scope = scopes[i] ?? throw new ResourceServerValidationException(path, "is required", "it was null");
            ValidateScopeName(scope.Name, path + ".ScopeName");
            ValidateScopeDescription(scope.Description, path + ".ScopeDescription");
            if (!seen.Add(scope.Name))
            {
                throw new ResourceServerValidationException(path + ".ScopeName", "scope names must be unique", $"'{scope.Name}' appears more than once");
            }
        }
    }

    public static void ValidatePageSize(int? pageSize, string member)
    {
        if (pageSize is { } size && (size < MinPageSize || size > MaxPageSize))
        {
            throw new ResourceServerValidationException(member, $"must be {MinPageSize}..{MaxPageSize}", $"it was {size.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    public static void ValidateNextToken(string? token, string member)
    {
        if (token is null)
        {
            return;
        }

        CheckLength(token, member, int.MaxValue);
        CheckEach(token, member, static c => !IsAsciiWhiteSpace(c), "must not contain white space ([\\S]+)");
    }

    internal static bool IsAsciiWord(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    // The service's \s: space, tab, newline, vertical tab, form feed, carriage return.
    internal static bool IsAsciiWhiteSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';

    internal static bool IsIdentifierChar(char c) => c is (>= '\x21' and <= '\x7E') and not '"' and not '\\';

    internal static bool IsScopeNameChar(char c) => IsIdentifierChar(c) && c != '/';

    internal static bool IsNameChar(char c) => IsAsciiWord(c) || IsAsciiWhiteSpace(c) || c is '+' or '=' or ',' or '.' or '@' or '-';

    private static void CheckLength(string? value, string member, int max)
    {
        if (value is null)
        {
            throw new ResourceServerValidationException(member, "is required", "it was null");
        }

        if (value.Length < 1 || value.Length > max)
        {
            var rule = max == int.MaxValue ? "length must be at least 1" : $"length must be 1..{max.ToString(CultureInfo.InvariantCulture)}";
            throw new ResourceServerValidationException(member, rule, $"length was {value.Length.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private static void CheckEach(string value, string member, Func<char, bool> allowed, string rule)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (!allowed(value[i]))
            {
                throw BadCharacter(member, rule, value, i);
            }
        }
    }

    private static ResourceServerValidationException BadCharacter(string member, string rule, string value, int index)
    {
        var c = value[index];
        var shown = char.IsControl(c) || char.IsWhiteSpace(c) ? string.Empty : $"'{c}' ";
        return new ResourceServerValidationException(member, rule, $"character {shown}(U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)}) at index {index.ToString(CultureInfo.InvariantCulture)}");
    }
}
