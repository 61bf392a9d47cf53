using System.Globalization;
using System.Text.RegularExpressions;
using ResourceServers.Tests.TestSupport;

namespace ResourceServers.Tests.Validation;

/// <summary>
/// Holds the validator to the service model file: every bound, pattern and required flag is read from the model, so
/// a constraint that changes there fails here until the validator follows.
/// </summary>
public class RequestValidatorModelTests
{
    // How each constrained string shape is checked, and a value of a given length made of allowed characters.
    private static readonly Dictionary<string, (Action<string?> Validate, Func<int, string> Sample)> StringShapes = new(StringComparer.Ordinal)
    {
        ["UserPoolIdType"] = (v => ResourceServerValidator.ValidateUserPoolId(v, "UserPoolId"), n => n >= 3 ? new string('a', n - 2) + "_b" : new string('a', n)),
        ["ResourceServerIdentifierType"] = (v => ResourceServerValidator.ValidateIdentifier(v, "Identifier"), n => new string('x', n)),
        ["ResourceServerNameType"] = (v => ResourceServerValidator.ValidateName(v, "Name"), n => new string('n', n)),
        ["ResourceServerScopeNameType"] = (v => ResourceServerValidator.ValidateScopeName(v, "ScopeName"), n => new string('s', n)),
        ["ResourceServerScopeDescriptionType"] = (v => ResourceServerValidator.ValidateScopeDescription(v, "ScopeDescription"), n => new string('d', n)),
        ["PaginationKeyType"] = (v => ResourceServerValidator.ValidateNextToken(v, "NextToken"), n => new string('t', n)),
    };

    // Where a probed character is placed: each (before, after) pair is a valid value once a valid character is between.
    private static readonly Dictionary<string, (string Before, string After)[]> CharacterContexts = new(StringComparer.Ordinal)
    {
        ["UserPoolIdType"] = [("", "a_b"), ("a", "_b"), ("a_", ""), ("a_b", "c")],
        ["ResourceServerIdentifierType"] = [("", ""), ("x", "x")],
        ["ResourceServerNameType"] = [("", ""), ("n", "n")],
        ["ResourceServerScopeNameType"] = [("", ""), ("s", "s")],
        ["ResourceServerScopeDescriptionType"] = [("", ""), ("d", "d")],
        ["PaginationKeyType"] = [("", ""), ("t", "t")],
    };

    private static readonly Dictionary<string, Action<int>> ListShapes = new(StringComparer.Ordinal)
    {
        ["ResourceServerScopeListType"] = count => ResourceServerValidator.ValidateScopes(DistinctScopes(count), "Scopes"),
    };

    private static readonly Dictionary<string, Action<int>> IntegerShapes = new(StringComparer.Ordinal)
    {
        ["ListResourceServersLimitType"] = n => ResourceServerValidator.ValidatePageSize(n, "MaxResults"),
    };

    // Each input structure checked the way the facade checks that request, with the named members left out.
    private static readonly Dictionary<string, (string[] Members, Action<IReadOnlySet<string>> Validate)> Structures = new(StringComparer.Ordinal)
    {
        ["CreateResourceServerRequest"] = (["UserPoolId", "Identifier", "Name", "Scopes"], ValidateServer),
        ["UpdateResourceServerRequest"] = (["UserPoolId", "Identifier", "Name", "Scopes"], ValidateServer),
        ["DescribeResourceServerRequest"] = (["UserPoolId", "Identifier"], ValidateKey),
        ["DeleteResourceServerRequest"] = (["UserPoolId", "Identifier"], ValidateKey),
        ["ListResourceServersRequest"] = (["UserPoolId", "MaxResults", "NextToken"], omit =>
        {
            ResourceServerValidator.ValidateUserPoolId(omit.Contains("UserPoolId") ? null : "us-east-1_abc", "UserPoolId");
            ResourceServerValidator.ValidatePageSize(omit.Contains("MaxResults") ? null : 10, "MaxResults");
            ResourceServerValidator.ValidateNextToken(omit.Contains("NextToken") ? null : "token", "NextToken");
        }),
        ["ResourceServerScopeType"] = (["ScopeName", "ScopeDescription"], omit => ResourceServerValidator.ValidateScopes(
            [new ResourceServerScope(omit.Contains("ScopeName") ? null! : "read", omit.Contains("ScopeDescription") ? null! : "Read")], "Scopes")),
    };

    // Beyond 0..0x17F: characters .NET's Unicode \w, \s or \d would take and the service's ASCII ones would not.
    private static readonly int[] ExtraProbes = [0x0300, 0x0391, 0x0416, 0x0661, 0x1680, 0x2000, 0x2003, 0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0x4E00, 0xFEFF, 0xFF10, 0xFF21];

    private static CognitoServiceModel Model => CognitoServiceModel.Instance;

    public static TheoryData<string> StringShapeNames => [.. StringShapes.Keys];

    public static TheoryData<string> PatternShapeNames => [.. CharacterContexts.Keys];

    [Fact]
    public void Every_constrained_shape_reachable_from_the_five_inputs_is_covered_here()
    {
        var reachable = Model.ShapesReachableFromInputs();
        var byType = reachable.ToLookup(Model.TypeOf, StringComparer.Ordinal);

        var constrainedStrings = byType["string"].Where(s => Model.Min(s) is not null || Model.Max(s) is not null || Model.Pattern(s) is not null);
        Assert.Equal(constrainedStrings.Order(StringComparer.Ordinal), StringShapes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(byType["list"].Order(StringComparer.Ordinal), ListShapes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(byType["integer"].Order(StringComparer.Ordinal), IntegerShapes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(byType["structure"].Order(StringComparer.Ordinal), Structures.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(reachable, s => Model.TypeOf(s) is not ("string" or "list" or "integer" or "structure"));
    }

    [Fact]
    public void The_model_patterns_are_read_with_the_ascii_meaning_of_w_s_and_d()
    {
        // The model tests below lean on this; checked over the whole BMP so it is a fact, not an assumption.
        var w = CognitoServiceModel.ServiceRegex(@"\w");
        var s = CognitoServiceModel.ServiceRegex(@"\s");
        var d = CognitoServiceModel.ServiceRegex(@"\d");
        var notS = CognitoServiceModel.ServiceRegex(@"[\S]");
        var wordOrDash = CognitoServiceModel.ServiceRegex(@"[\w-]");
        for (var i = 0; i <= 0xFFFF; i++)
        {
            var c = ((char)i).ToString();
            var isAsciiWord = char.IsAsciiLetterOrDigit((char)i) || i == '_';
            var isAsciiSpace = i is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';
            Assert.True(w.IsMatch(c) == isAsciiWord, $"\\w disagrees at U+{i:X4}");
            Assert.True(wordOrDash.IsMatch(c) == (isAsciiWord || i == '-'), $"[\\w-] disagrees at U+{i:X4}");
            Assert.True(s.IsMatch(c) == isAsciiSpace, $"\\s disagrees at U+{i:X4}");
            Assert.True(notS.IsMatch(c) == !isAsciiSpace, $"[\\S] disagrees at U+{i:X4}");
            Assert.True(d.IsMatch(c) == char.IsAsciiDigit((char)i), $"\\d disagrees at U+{i:X4}");
        }
    }

    [Fact]
    public void Neither_default_nor_ecmascript_dotnet_regex_reads_w_as_ascii()
    {
        // Why the patterns are rewritten: the default mode is Unicode, and ECMAScript mode's \w still takes U+0130 'İ'.
        Assert.Matches(@"^\w$", "é");
        Assert.Matches(@"^\s$", "\u00A0");
        Assert.Matches(new Regex(@"^\w$", RegexOptions.ECMAScript), "\u0130");
        Assert.DoesNotMatch(CognitoServiceModel.ServiceRegex(@"\w"), "\u0130");
        Assert.Throws<ResourceServerValidationException>(() => ResourceServerValidator.ValidateName("\u0130", "Name"));
        Assert.Throws<ResourceServerValidationException>(() => ResourceServerValidator.ValidateUserPoolId("\u0130_1", "UserPoolId"));
    }

    [Theory]
    [InlineData(@"[\w-]+_[0-9a-zA-Z]+", @"[a-zA-Z0-9_-]+_[0-9a-zA-Z]+")]
    [InlineData(@"[\w\s+=,.@-]+", @"[a-zA-Z0-9_ \t\n\x0B\f\r+=,.@-]+")]
    [InlineData(@"[\S]+", @"[^ \t\n\x0B\f\r]+")]
    [InlineData(@"\S+\d", @"[^ \t\n\x0B\f\r]+[0-9]")]
    [InlineData(@"[\x21\x23-\x5B\x5D-\x7E]+", @"[\x21\x23-\x5B\x5D-\x7E]+")]
    public void Pattern_rewrite_spells_out_ascii_classes(string pattern, string ascii) =>
        Assert.Equal(ascii, CognitoServiceModel.ToAsciiPattern(pattern));

    [Theory]
    [InlineData(@"[a\S]+")]
    [InlineData(@"\bword")]
    public void Pattern_rewrite_refuses_what_it_cannot_express_exactly(string pattern) =>
        Assert.Throws<NotSupportedException>(() => CognitoServiceModel.ToAsciiPattern(pattern));

    [Theory]
    [MemberData(nameof(StringShapeNames))]
    public void String_length_bounds_are_the_models(string shape)
    {
        var (validate, sample) = StringShapes[shape];
        var min = Model.Min(shape) ?? 0;
        var max = Model.Max(shape);
        var pattern = Model.Pattern(shape);

        // The samples must be pattern-valid at every length the bounds allow, or a length test would prove nothing.
        foreach (var length in new[] { min, min + 1, max ?? 300, (max ?? 300) + 1 }.Where(n => n >= 3))
        {
            Assert.True(pattern is null || CognitoServiceModel.ServiceRegex(pattern).IsMatch(sample(length)), $"{shape} sample of length {length} breaks the pattern");
        }

        int[] lengths = max is { } m ? [min - 1, min, min + 1, m - 1, m, m + 1] : [min - 1, min, min + 1, 10_000];
        var failures = new List<string>();
        foreach (var length in lengths.Where(n => n >= 0).Distinct())
        {
            var value = sample(length);
            var expected = Model.Accepts(shape, value);
            if (Accepts(validate, value) != expected)
            {
                failures.Add($"length {length}: model {(expected ? "accepts" : "rejects")}, validator does not agree");
            }
        }

        Assert.True(failures.Count == 0, $"{shape} (min {Model.Min(shape)}, max {max}):\n" + string.Join('\n', failures));
        if (max is { } bound)
        {
            // The maximum is where the sample is otherwise valid, so the bound itself is what the validator enforces.
            Assert.True(Accepts(validate, sample(bound)));
            var ex = Assert.Throws<ResourceServerValidationException>(() => validate(sample(bound + 1)));
            Assert.Equal($"length was {bound + 1}", ex.Detail);
        }
    }

    [Theory]
    [MemberData(nameof(PatternShapeNames))]
    public void Character_classes_are_the_models_pattern_read_with_ascii_w_and_s(string shape)
    {
        var (validate, _) = StringShapes[shape];
        var probes = Enumerable.Range(0, 0x180).Concat(ExtraProbes);
        var failures = new List<string>();
        foreach (var (before, after) in CharacterContexts[shape])
        {
            Assert.True(Model.Accepts(shape, before + ValidSample(shape) + after), $"{shape}: context '{before}…{after}' is not valid with a valid character");
            foreach (var code in probes)
            {
                var value = before + (char)code + after;
                var expected = Model.Accepts(shape, value);
                if (Accepts(validate, value) != expected)
                {
                    failures.Add(string.Create(CultureInfo.InvariantCulture, $"U+{code:X4} in '{before}…{after}': model {(expected ? "accepts" : "rejects")}"));
                }
            }
        }

        Assert.True(failures.Count == 0, $"{shape} pattern {Model.Pattern(shape) ?? "(none)"}; validator disagrees at:\n" + string.Join('\n', failures));
    }

    [Fact]
    public void List_sizes_are_the_models()
    {
        foreach (var (shape, validate) in ListShapes)
        {
            var min = Model.Min(shape) ?? 0;
            var max = Model.Max(shape) ?? throw new InvalidOperationException($"{shape} has no max; add a bound check here.");
            foreach (var count in new[] { min - 1, min, max, max + 1 }.Where(n => n >= 0))
            {
                var expected = count >= min && count <= max;
                Assert.True(Accepts(() => validate(count)) == expected, $"{shape}: {count} items should be {(expected ? "accepted" : "rejected")}");
            }
        }
    }

    [Fact]
    public void Integer_ranges_are_the_models()
    {
        foreach (var (shape, validate) in IntegerShapes)
        {
            var min = Model.Min(shape) ?? int.MinValue;
            var max = Model.Max(shape) ?? int.MaxValue;
            foreach (var n in new long[] { (long)min - 1, min, max, (long)max + 1 }.Where(n => n is >= int.MinValue and <= int.MaxValue))
            {
                var expected = n >= min && n <= max;
                Assert.True(Accepts(() => validate((int)n)) == expected, $"{shape}: {n} should be {(expected ? "accepted" : "rejected")}");
            }
        }
    }

    [Fact]
    public void Required_members_are_the_models()
    {
        foreach (var (shape, (members, validate)) in Structures)
        {
            Assert.Equal(Model.Members(shape).Select(m => m.Key).Order(StringComparer.Ordinal), members.Order(StringComparer.Ordinal));
            validate(new HashSet<string>());

            var required = Model.Required(shape);
            foreach (var member in members)
            {
                var omitted = Record.Exception(() => validate(new HashSet<string> { member }));
                if (required.Contains(member))
                {
                    var ex = Assert.IsType<ResourceServerValidationException>(omitted);
                    Assert.EndsWith(member, ex.Member, StringComparison.Ordinal);
                    Assert.Equal("is required", ex.Rule);
                }
                else
                {
                    Assert.True(omitted is null, $"{shape}.{member} is optional in the model but omitting it failed: {omitted?.Message}");
                }
            }
        }
    }

    private static void ValidateServer(IReadOnlySet<string> omit) => ResourceServerValidator.Validate(new ResourceServer(
        omit.Contains("UserPoolId") ? null! : "us-east-1_abc",
        omit.Contains("Identifier") ? null! : "https://api",
        omit.Contains("Name") ? null! : "api",
        omit.Contains("Scopes") ? null : [new ResourceServerScope("read", "Read")]));

    private static void ValidateKey(IReadOnlySet<string> omit) => ResourceServerValidator.ValidateKey(
        omit.Contains("UserPoolId") ? null : "us-east-1_abc",
        omit.Contains("Identifier") ? null : "https://api");

    private static string ValidSample(string shape) => shape == "UserPoolIdType" ? "z" : StringShapes[shape].Sample(1);

    private static ResourceServerScope[] DistinctScopes(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new ResourceServerScope("s" + i.ToString(CultureInfo.InvariantCulture), "d"))];

    private static bool Accepts(Action<string?> validate, string value) => Accepts(() => validate(value));

    private static bool Accepts(Action act)
    {
        try
        {
            act();
            return true;
        }
        catch (ResourceServerValidationException)
        {
            return false;
        }
    }
}
