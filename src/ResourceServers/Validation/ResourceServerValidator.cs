using System.Buffers;
using System.Globalization;
using System.Text;

namespace ResourceServers;

/// <summary>
/// Checks values against every constraint of the service model: what the client checks before anything is sent,
/// and what you can check desired state with before a deploy. A value that breaks a rule throws a
/// <see cref="ResourceServerValidationException"/> naming the member, the rule and what was found.
/// </summary>
/// <remarks>
/// <para>The patterns are the model's, read with ASCII meanings of <c>\w</c> and <c>\s</c> (the service's), not .NET's
/// Unicode ones, so they are written as character tests rather than <see cref="System.Text.RegularExpressions.Regex"/>.</para>
/// <para>The <c>member</c> parameters are the path the exception names, e.g. <c>Scopes[3].ScopeName</c>.</para>
/// </remarks>
/// <remarks>
/// Lengths are counted in Unicode code points, as the service model's length constraints are (a surrogate pair is
/// one character, not two). Free-text members must also be well-formed UTF-16: an unpaired surrogate cannot be
/// encoded in the UTF-8 JSON body, so it would be lost or replaced on the way rather than rejected by the service.
/// </remarks>
public static class ResourceServerValidator
{
    internal const int MinLength = 1;
    internal const int MaxUserPoolIdLength = 55;
    internal const int MaxIdentifierLength = 256;
    internal const int MaxNameLength = 256;
    internal const int MaxScopeNameLength = 256;
    internal const int MaxScopeDescriptionLength = 256;
    /// <summary>The most scopes a resource server may have (a service quota that cannot be raised).</summary>
    public const int MaxScopes = 100;

    /// <summary>The smallest page size <c>ListResourceServers</c> accepts.</summary>
    public const int MinPageSize = 1;

    /// <summary>The largest page size <c>ListResourceServers</c> accepts.</summary>
    public const int MaxPageSize = 50;

    // Up to this many scopes, duplicates are found by comparing pairs (at most 120 comparisons) rather than hashing.
    private const int PairwiseDuplicateCheckLimit = 16;

    private const string UserPoolIdRule = "must match [\\w-]+_[0-9a-zA-Z]+ (ASCII \\w)";
    private const string IdentifierRule = "must be printable ASCII without space, '\"' or '\\' ([\\x21\\x23-\\x5B\\x5D-\\x7E]+)";
    private const string NameRule = "may contain only ASCII letters, digits, '_', white space and + = , . @ - ([\\w\\s+=,.@-]+, ASCII \\w and \\s)";
    private const string ScopeNameRule = "must be printable ASCII without space, '\"', '\\' or '/' ([\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]+)";
    private const string NextTokenRule = "must not contain ASCII white space ([\\S]+)";
    private const string WellFormedRule = "must be well-formed UTF-16";

    private static readonly SearchValues<char> UserPoolIdChars = AsciiWhere(static c => IsAsciiWord(c) || c == '-');
    private static readonly SearchValues<char> IdentifierChars = AsciiWhere(IsIdentifierChar);
    private static readonly SearchValues<char> NameChars = AsciiWhere(IsNameChar);
    private static readonly SearchValues<char> ScopeNameChars = AsciiWhere(IsScopeNameChar);

    internal static void ValidateKey(string? userPoolId, string? identifier)
    {
        ValidateUserPoolId(userPoolId, "UserPoolId");
        ValidateIdentifier(identifier, "Identifier");
    }

    /// <summary>Checks a whole resource server: pool id, identifier, name and scopes (at most 100, names unique).</summary>
    /// <param name="resourceServer">The resource server.</param>
    /// <exception cref="ArgumentNullException"><paramref name="resourceServer"/> is null.</exception>
    /// <exception cref="ResourceServerValidationException">A member breaks a rule; the first one found is named.</exception>
    public static void Validate([System.Diagnostics.CodeAnalysis.NotNull] ResourceServer? resourceServer)
    {
        ArgumentNullException.ThrowIfNull(resourceServer);
        ValidateKey(resourceServer.UserPoolId, resourceServer.Identifier);
        ValidateName(resourceServer.Name, "Name");
        ValidateScopes(resourceServer.Scopes, "Scopes");
    }

    /// <summary>Checks a user pool id: 1..55 characters of <c>[\w-]+_[0-9a-zA-Z]+</c>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="member">The member path the exception names.</param>
    /// <exception cref="ResourceServerValidationException">The value breaks the rule.</exception>
    public static void ValidateUserPoolId(string? value, string member)
    {
        CheckLength(value, member, MaxUserPoolIdLength);

        // The alphabet first, so a foreign character is reported as such rather than as a misplaced '_'.
        CheckEach(value!, member, UserPoolIdChars, UserPoolIdRule);

        // [\w-]+_[0-9a-zA-Z]+ : the prefix may hold '_' and the suffix may not, so the last '_' is the separator.
        var underscore = value!.LastIndexOf('_');
        if (underscore < 0)
        {
            throw new ResourceServerValidationException(member, UserPoolIdRule, "no '_' between the region and the id");
        }

        if (underscore == 0)
        {
            throw new ResourceServerValidationException(member, UserPoolIdRule, "nothing before the '_'");
        }

        if (underscore == value.Length - 1)
        {
            throw new ResourceServerValidationException(member, UserPoolIdRule, "nothing after the last '_'");
        }

        for (var i = underscore + 1; i < value.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(value[i]))
            {
                throw BadCharacter(member, UserPoolIdRule + ": only letters and digits after the last '_'", value, i);
            }
        }
    }

    /// <summary>Checks a resource server identifier: 1..256 printable ASCII characters but space, <c>"</c> and <c>\</c>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="member">The member path the exception names.</param>
    /// <exception cref="ResourceServerValidationException">The value breaks the rule.</exception>
    public static void ValidateIdentifier(string? value, string member)
    {
        CheckLength(value, member, MaxIdentifierLength);
        CheckEach(value!, member, IdentifierChars, IdentifierRule);
    }

    /// <summary>Checks a resource server name: 1..256 characters of <c>[\w\s+=,.@-]</c>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="member">The member path the exception names.</param>
    /// <exception cref="ResourceServerValidationException">The value breaks the rule.</exception>
    public static void ValidateName(string? value, string member)
    {
        CheckLength(value, member, MaxNameLength);
        CheckEach(value!, member, NameChars, NameRule);
    }

    /// <summary>Checks a scope name: 1..256 printable ASCII characters but space, <c>"</c>, <c>\</c> and <c>/</c>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="member">The member path the exception names.</param>
    /// <exception cref="ResourceServerValidationException">The value breaks the rule.</exception>
    public static void ValidateScopeName(string? value, string member)
    {
        CheckLength(value, member, MaxScopeNameLength);
        CheckEach(value!, member, ScopeNameChars, ScopeNameRule);
    }

    /// <summary>Checks a scope description: 1..256 characters, well-formed UTF-16.</summary>
    /// <param name="value">The value.</param>
    /// <param name="member">The member path the exception names.</param>
    /// <exception cref="ResourceServerValidationException">The value breaks the rule.</exception>
    public static void ValidateScopeDescription(string? value, string member)
    {
        CheckLength(value, member, MaxScopeDescriptionLength);
        CheckWellFormed(value!, member);
    }

    /// <summary>Checks a scope list: at most 100 scopes, each valid, names unique; null is an absent (optional) list.</summary>
    /// <param name="scopes">The scopes.</param>
    /// <param name="member">The member path the exception names, e.g. <c>Scopes</c>.</param>
    /// <exception cref="ResourceServerValidationException">The list or one of its scopes breaks a rule.</exception>
    public static void ValidateScopes(IReadOnlyList<ResourceServerScope>? scopes, string member)
    {
        if (scopes is null)
        {
            return;
        }

        if (scopes.Count > MaxScopes)
        {
            throw new ResourceServerValidationException(member, $"at most {MaxScopes.ToString(CultureInfo.InvariantCulture)} scopes", $"count was {scopes.Count.ToString(CultureInfo.InvariantCulture)}");
        }

        // Short lists, the usual case, are checked for duplicates pair by pair, which allocates nothing.
        // Stryker disable once all : equivalent mutants: either way of finding duplicates gives the same answer at every size.
        var firstIndexByName = scopes.Count > PairwiseDuplicateCheckLimit ? new Dictionary<string, int>(scopes.Count, StringComparer.Ordinal) : null;
        for (var i = 0; i < scopes.Count; i++)
        {
            var scope = scopes[i];

            // The member paths are built only for a scope that fails: every valid update would pay for them otherwise.
            if (scope is null || !IsValidScopeName(scope.Name) || !IsValidScopeDescription(scope.Description))
            {
                var path = ScopePath(member, i);
                scope = scope ?? throw new ResourceServerValidationException(path, "is required", "it was null");
                ValidateScopeName(scope.Name, path + ".ScopeName");
                ValidateScopeDescription(scope.Description, path + ".ScopeDescription");
            }

            // The index of the first occurrence rather than the name itself: enough to find it, nothing echoed.
            // Stryker disable once Conditional : equivalent where it survives: searching pair by pair finds the same first
            // index in a long list; the other half (the dictionary for a short list, which is null) fails every test.
            var first = firstIndexByName is null ? IndexOfName(scopes, scope.Name, i) : FirstIndexInTable(firstIndexByName, scope.Name, i);
            if (first >= 0)
            {
                throw new ResourceServerValidationException(ScopePath(member, i) + ".ScopeName", "scope names must be unique", $"same name as {ScopePath(member, first)}");
            }
        }
    }

    /// <summary>Checks a page size: 1..50, or null for the service default.</summary>
    /// <param name="pageSize">The value.</param>
    /// <param name="member">The member path the exception names.</param>
    /// <exception cref="ResourceServerValidationException">The value breaks the rule.</exception>
    public static void ValidatePageSize(int? pageSize, string member)
    {
        if (pageSize is { } size && (size < MinPageSize || size > MaxPageSize))
        {
            throw new ResourceServerValidationException(member, $"must be {MinPageSize.ToString(CultureInfo.InvariantCulture)}..{MaxPageSize.ToString(CultureInfo.InvariantCulture)}", $"it was {size.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>Checks a page token: no ASCII white space; null is the first page.</summary>
    /// <param name="token">The token.</param>
    /// <param name="member">The member path the exception names.</param>
    /// <exception cref="ResourceServerValidationException">The token breaks the rule.</exception>
    public static void ValidateNextToken(string? token, string member)
    {
        if (token is null)
        {
            return;
        }

        CheckLength(token, member, int.MaxValue);
        CheckEach(token, member, static c => !IsAsciiWhiteSpace(c), NextTokenRule);
        CheckWellFormed(token, member);
    }

    internal static bool IsAsciiWord(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    // The service's \s: space, tab, newline, vertical tab, form feed, carriage return.
    internal static bool IsAsciiWhiteSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';

    internal static bool IsIdentifierChar(char c) => c is (>= '\x21' and <= '\x7E') and not '"' and not '\\';

    internal static bool IsScopeNameChar(char c) => IsIdentifierChar(c) && c != '/';

    internal static bool IsNameChar(char c) => IsAsciiWord(c) || IsAsciiWhiteSpace(c) || c is '+' or '=' or ',' or '.' or '@' or '-';

    /// <summary>The length as the service model counts it: Unicode code points (an unpaired surrogate counts as one).</summary>
    internal static int CodePointLength(string value)
    {
        var length = value.Length;
        for (var i = 0; i < value.Length - 1; i++)
        {
            if (char.IsSurrogatePair(value[i], value[i + 1]))
            {
                length--;
                i++;
            }
        }

        return length;
    }

    // -1 for a name seen for the first time (recorded at index i), else the index it was first seen at.
    private static int FirstIndexInTable(Dictionary<string, int> firstIndexByName, string name, int i) =>
        firstIndexByName.TryAdd(name, i) ? -1 : firstIndexByName[name];

    // Scopes before `end` have passed validation, so none is null.
    private static int IndexOfName(IReadOnlyList<ResourceServerScope> scopes, string name, int end)
    {
        for (var j = 0; j < end; j++)
        {
            if (string.Equals(scopes[j].Name, name, StringComparison.Ordinal))
            {
                return j;
            }
        }

        return -1;
    }

    private static string ScopePath(string member, int index) => $"{member}[{index.ToString(CultureInfo.InvariantCulture)}]";

    // The same rules as ValidateScopeName and ValidateScopeDescription, answered without building a message.
    private static bool IsValidScopeName(string? value) =>
        HasValidLength(value, MaxScopeNameLength) && !value!.AsSpan().ContainsAnyExcept(ScopeNameChars);

    private static bool IsValidScopeDescription(string? value) =>
        HasValidLength(value, MaxScopeDescriptionLength) && IsWellFormed(value!);

    private static bool HasValidLength(string? value, int max)
    {
        if (value is null)
        {
            return false;
        }

        // Stryker disable once all : equivalent mutants: counting UTF-16 units instead can only call a valid value invalid
        // here, and ValidateScopes then runs the full checks, which count code points and accept it.
        var length = value.Length > max ? CodePointLength(value) : value.Length;
        return length >= MinLength && length <= max;
    }

    // A quick test before the full checks: a false from it only sends the value to them, which then accept it, so
    // mutants that make it say false (the two "return true" below) change no answer; the others are caught.
    private static bool IsWellFormed(string value)
    {
        if (!value.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            // Stryker disable once Boolean : equivalent (see above)
            return true;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        // Stryker disable once Boolean : equivalent (see above)
        return true;
    }

    private static void CheckLength(string? value, string member, int max)
    {
        if (value is null)
        {
            throw new ResourceServerValidationException(member, "is required", "it was null");
        }

        // UTF-16 length bounds the code-point length from above and at most halves it, so most values skip the count.
        var length = value.Length;
        if (length > max)
        {
            length = CodePointLength(value);
        }

        if (length < MinLength || length > max)
        {
            var rule = max == int.MaxValue
                ? $"length must be at least {MinLength.ToString(CultureInfo.InvariantCulture)}"
                : $"length must be {MinLength.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)}";
            throw new ResourceServerValidationException(member, rule, $"length was {length.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    // Every alphabet but the page token's is ASCII-only, so a set of allowed ASCII characters states it exactly, and a
    // vectorized search over it finds the first character outside it several times faster than a per-character test.
    private static void CheckEach(string value, string member, SearchValues<char> allowed, string rule)
    {
        var index = value.AsSpan().IndexOfAnyExcept(allowed);
        if (index >= 0)
        {
            throw BadCharacter(member, rule, value, index);
        }
    }

    private static SearchValues<char> AsciiWhere(Func<char, bool> allowed)
    {
        var chars = new List<char>(128);
        for (var c = '\0'; c < '\x80'; c++)
        {
            if (allowed(c))
            {
                chars.Add(c);
            }
        }

        return SearchValues.Create(chars.ToArray());
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

    private static void CheckWellFormed(string value, string member)
    {
        if (!value.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                throw new ResourceServerValidationException(member, WellFormedRule, $"unpaired surrogate {CodePoint(c)} at index {i.ToString(CultureInfo.InvariantCulture)}");
            }
        }
    }

    private static ResourceServerValidationException BadCharacter(string member, string rule, string value, int index)
    {
        // A surrogate pair is reported as the one character it encodes; anything invisible only by its code point.
        string shown;
        if (Rune.TryGetRuneAt(value, index, out var rune))
        {
            shown = IsVisible(rune) ? $"'{rune}' ({CodePoint(rune.Value)})" : CodePoint(rune.Value);
        }
        else
        {
            shown = CodePoint(value[index]);
        }

        return new ResourceServerValidationException(member, rule, $"character {shown} at index {index.ToString(CultureInfo.InvariantCulture)}");
    }

    private static bool IsVisible(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark => false,
        _ => true,
    };

    private static string CodePoint(int value) => "U+" + value.ToString("X4", CultureInfo.InvariantCulture);
}
