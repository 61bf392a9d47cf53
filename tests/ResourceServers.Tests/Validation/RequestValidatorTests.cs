using System.Text.RegularExpressions;
using ResourceServers.Tests.TestSupport;

namespace ResourceServers.Tests.Validation;

public class RequestValidatorTests
{
    private const string Pool = "us-east-1_abc123";
    private const string Id = "https://api.example.com";

    // Every printable ASCII character but space, '"' and '\': the model's [\x21\x23-\x5B\x5D-\x7E].
    private static readonly string IdentifierAlphabet = new([.. Enumerable.Range(0x21, 0x7E - 0x21 + 1).Select(i => (char)i).Where(c => c is not '"' and not '\\')]);

    private static ResourceServerValidationException Rejects(Action act) => Assert.Throws<ResourceServerValidationException>(act);

    private static ResourceServer Server(string name = "api", params ResourceServerScope[] scopes) => new(Pool, Id, name, scopes);

    private static ResourceServerScope[] Scopes(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new ResourceServerScope($"scope{i}", $"Scope {i}"))];

    // ---- UserPoolId: 1..55, [\w-]+_[0-9a-zA-Z]+ ----

    [Theory]
    [InlineData("us-east-1_abc123")]
    [InlineData("a_b")]
    [InlineData("__b")] // the prefix [\w-]+ may itself be or hold '_'
    [InlineData("eu_west_1_X9")]
    [InlineData("-_0")]
    public void UserPoolId_accepts_values_matching_the_pattern(string value) =>
        ResourceServerValidator.ValidateUserPoolId(value, "UserPoolId");

    [Fact]
    public void UserPoolId_accepts_the_maximum_length_of_55()
    {
        var value = "us-east-1_" + new string('a', 45);
        Assert.Equal(55, value.Length);
        ResourceServerValidator.ValidateUserPoolId(value, "UserPoolId");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(56)]
    [InlineData(1000)]
    public void UserPoolId_rejects_lengths_outside_1_to_55(int length)
    {
        var value = length == 0 ? string.Empty : "a_" + new string('b', length - 2);
        var ex = Rejects(() => ResourceServerValidator.ValidateUserPoolId(value, "UserPoolId"));
        Assert.Equal("UserPoolId", ex.Member);
        Assert.Equal("length must be 1..55", ex.Rule);
        Assert.Equal($"length was {length}", ex.Detail);
    }

    [Theory]
    [InlineData("a", "no '_' between the region and the id")] // length 1 is in range but cannot match
    [InlineData("useast1abc", "no '_' between the region and the id")]
    [InlineData("us-east-1abc", "no '_' between the region and the id")]
    [InlineData("_abc", "nothing before the '_'")]
    [InlineData("us-east-1_", "nothing after the last '_'")]
    [InlineData("us_east_", "nothing after the last '_'")]
    public void UserPoolId_rejects_values_without_text_on_both_sides_of_the_last_underscore(string value, string detail)
    {
        var ex = Rejects(() => ResourceServerValidator.ValidateUserPoolId(value, "UserPoolId"));
        Assert.Equal("UserPoolId", ex.Member);
        Assert.StartsWith("must match [\\w-]+_[0-9a-zA-Z]+", ex.Rule, StringComparison.Ordinal);
        Assert.Equal(detail, ex.Detail);
    }

    [Theory]
    [InlineData("us east_1", "character U+0020 at index 2")]
    [InlineData("us.east_1", "character '.' (U+002E) at index 2")]
    [InlineData("usé_1", "character 'é' (U+00E9) at index 2")] // .NET's Unicode \w would take it
    [InlineData("us\u00A0_1", "character U+00A0 at index 2")]
    [InlineData("us\t_1", "character U+0009 at index 2")]
    [InlineData("us_1\u0661", "character '\u0661' (U+0661) at index 4")] // Arabic-Indic digit one: Unicode \d, not [0-9]
    [InlineData("us-east-1_ab-c", "character '-' (U+002D) at index 12")] // '-' is allowed only before the last '_'
    [InlineData("us_ab\U0001F600", "character '\U0001F600' (U+1F600) at index 5")]
    public void UserPoolId_rejects_characters_outside_the_ascii_pattern_and_names_the_character(string value, string detail)
    {
        var ex = Rejects(() => ResourceServerValidator.ValidateUserPoolId(value, "UserPoolId"));
        Assert.Equal("UserPoolId", ex.Member);
        Assert.Equal(detail, ex.Detail);
    }

    [Fact]
    public void UserPoolId_says_a_character_allowed_before_the_last_underscore_is_not_allowed_after_it()
    {
        var ex = Rejects(() => ResourceServerValidator.ValidateUserPoolId("us-east-1_ab-c", "UserPoolId"));

        Assert.EndsWith(": only letters and digits after the last '_'", ex.Rule, StringComparison.Ordinal);
    }

    // ---- Identifier: 1..256, [\x21\x23-\x5B\x5D-\x7E]+ ----

    [Theory]
    [InlineData("h")]
    [InlineData("https://api.example.com/v1?x=1&y=%20#frag")]
    [InlineData("urn:api:{x}|[y]~'z'")]
    public void Identifier_accepts_printable_ascii(string value) => ResourceServerValidator.ValidateIdentifier(value, "Identifier");

    [Fact]
    public void Identifier_accepts_every_allowed_character_and_the_maximum_length()
    {
        Assert.Equal(92, IdentifierAlphabet.Length);
        ResourceServerValidator.ValidateIdentifier(IdentifierAlphabet, "Identifier");
        ResourceServerValidator.ValidateIdentifier(new string('x', 256), "Identifier");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(257)]
    public void Identifier_rejects_lengths_outside_1_to_256(int length)
    {
        var ex = Rejects(() => ResourceServerValidator.ValidateIdentifier(new string('x', length), "Identifier"));
        Assert.Equal(("Identifier", "length must be 1..256", $"length was {length}"), (ex.Member, ex.Rule, ex.Detail));
    }

    [Theory]
    [InlineData("a b", "character U+0020 at index 1")]
    [InlineData("a\"b", "character '\"' (U+0022) at index 1")]
    [InlineData("a\\b", "character '\\' (U+005C) at index 1")]
    [InlineData("a\tb", "character U+0009 at index 1")]
    [InlineData("a\nb", "character U+000A at index 1")]
    [InlineData("a\u007Fb", "character U+007F at index 1")]
    [InlineData("a\0b", "character U+0000 at index 1")]
    [InlineData("https://apí", "character 'í' (U+00ED) at index 10")]
    [InlineData("a\u00A0b", "character U+00A0 at index 1")]
    [InlineData("a\u200Bb", "character U+200B at index 1")]
    [InlineData("a\U0001F600", "character '\U0001F600' (U+1F600) at index 1")]
    public void Identifier_rejects_each_forbidden_character_class(string value, string detail)
    {
        var ex = Rejects(() => ResourceServerValidator.ValidateIdentifier(value, "Identifier"));
        Assert.Equal("Identifier", ex.Member);
        Assert.Contains("[\\x21\\x23-\\x5B\\x5D-\\x7E]+", ex.Rule, StringComparison.Ordinal);
        Assert.Equal(detail, ex.Detail);
    }

    // ---- Name: 1..256, [\w\s+=,.@-]+ with ASCII \w and \s ----

    [Theory]
    [InlineData("n")]
    [InlineData("My API")]
    [InlineData("a\tb\nc\rd\ve\ff")] // every ASCII \s
    [InlineData("A_z0-9+=,.@")]
    public void Name_accepts_ascii_word_characters_white_space_and_the_listed_punctuation(string value) =>
        ResourceServerValidator.ValidateName(value, "Name");

    [Theory]
    [InlineData(1, true)]
    [InlineData(256, true)]
    [InlineData(0, false)]
    [InlineData(257, false)]
    public void Name_length_is_1_to_256(int length, bool valid)
    {
        var value = new string('n', length);
        if (valid)
        {
            ResourceServerValidator.ValidateName(value, "Name");
            return;
        }

        var ex = Rejects(() => ResourceServerValidator.ValidateName(value, "Name"));
        Assert.Equal(("Name", "length must be 1..256", $"length was {length}"), (ex.Member, ex.Rule, ex.Detail));
    }

    [Theory]
    [InlineData("my/api", "character '/' (U+002F) at index 2")]
    [InlineData("api!", "character '!' (U+0021) at index 3")]
    [InlineData("a:b", "character ':' (U+003A) at index 1")]
    [InlineData("a\"b", "character '\"' (U+0022) at index 1")]
    [InlineData("a\0b", "character U+0000 at index 1")]
    [InlineData("a\u007Fb", "character U+007F at index 1")]
    [InlineData("Café", "character 'é' (U+00E9) at index 3")]
    [InlineData("ÀPI", "character 'À' (U+00C0) at index 0")]
    [InlineData("a\u00A0b", "character U+00A0 at index 1")]
    [InlineData("a\u2003b", "character U+2003 at index 1")]
    [InlineData("a\u3000b", "character U+3000 at index 1")]
    [InlineData("a\u0085b", "character U+0085 at index 1")]
    [InlineData("a\u2028b", "character U+2028 at index 1")]
    [InlineData("a\u0661", "character '\u0661' (U+0661) at index 1")]
    public void Name_rejects_characters_outside_the_ascii_reading_of_the_pattern(string value, string detail)
    {
        var ex = Rejects(() => ResourceServerValidator.ValidateName(value, "Name"));
        Assert.Equal("Name", ex.Member);
        Assert.Contains("[\\w\\s+=,.@-]+", ex.Rule, StringComparison.Ordinal);
        Assert.Equal(detail, ex.Detail);
    }

    [Theory]
    [InlineData("Café")]
    [InlineData("a\u00A0b")]
    [InlineData("a\u2003b")]
    [InlineData("\u0661\u0662")]
    public void Name_rejects_what_a_default_dotnet_regex_of_the_model_pattern_would_accept(string value)
    {
        // The trap this guards: .NET reads \w and \s as Unicode classes, the service as ASCII.
        Assert.Matches(new Regex(@"^(?:[\w\s+=,.@-]+)$", RegexOptions.None, TimeSpan.FromSeconds(1)), value);
        Assert.DoesNotMatch(new Regex(@"^(?:[\w\s+=,.@-]+)$", RegexOptions.ECMAScript, TimeSpan.FromSeconds(1)), value);
        Rejects(() => ResourceServerValidator.ValidateName(value, "Name"));
    }

    // ---- ScopeName: 1..256, [\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+ ----

    [Theory]
    [InlineData("r")]
    [InlineData("read")]
    [InlineData("admin:write")]
    [InlineData("a.b-c_d~e*f")]
    public void ScopeName_accepts_printable_ascii_without_slash(string value) =>
        ResourceServerValidator.ValidateScopeName(value, "ScopeName");

    [Fact]
    public void ScopeName_accepts_every_identifier_character_but_slash()
    {
        ResourceServerValidator.ValidateScopeName(IdentifierAlphabet.Replace("/", string.Empty, StringComparison.Ordinal), "ScopeName");
        ResourceServerValidator.ValidateScopeName(new string('s', 256), "ScopeName");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(257)]
    public void ScopeName_rejects_lengths_outside_1_to_256(int length)
    {
        var ex = Rejects(() => ResourceServerValidator.ValidateScopeName(new string('s', length), "Scopes[0].ScopeName"));
        Assert.Equal(("Scopes[0].ScopeName", "length must be 1..256", $"length was {length}"), (ex.Member, ex.Rule, ex.Detail));
    }

    [Theory]
    [InlineData("api/read", "character '/' (U+002F) at index 3")] // tokens carry "{identifier}/{scope}"
    [InlineData("read all", "character U+0020 at index 4")]
    [InlineData("re\"ad", "character '\"' (U+0022) at index 2")]
    [InlineData("re\\ad", "character '\\' (U+005C) at index 2")]
    [InlineData("read\n", "character U+000A at index 4")]
    [InlineData("read\u007F", "character U+007F at index 4")]
    [InlineData("lécture", "character 'é' (U+00E9) at index 1")]
    [InlineData("re\u00A0ad", "character U+00A0 at index 2")]
    public void ScopeName_rejects_each_forbidden_character_class(string value, string detail)
    {
        var ex = Rejects(() => ResourceServerValidator.ValidateScopeName(value, "ScopeName"));
        Assert.Equal("ScopeName", ex.Member);
        Assert.Contains("[\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]+", ex.Rule, StringComparison.Ordinal);
        Assert.Equal(detail, ex.Detail);
    }

    // ---- ScopeDescription: 1..256 code points, no pattern ----

    [Theory]
    [InlineData("d")]
    [InlineData("Read access to \"orders\" / invoices \\ everything")]
    [InlineData("Lecture – réservée ✓ 読む\t\n")]
    public void ScopeDescription_accepts_any_text(string value) =>
        ResourceServerValidator.ValidateScopeDescription(value, "ScopeDescription");

    [Theory]
    [InlineData(1, true)]
    [InlineData(256, true)]
    [InlineData(0, false)]
    [InlineData(257, false)]
    public void ScopeDescription_length_is_1_to_256(int length, bool valid)
    {
        var value = new string('d', length);
        if (valid)
        {
            ResourceServerValidator.ValidateScopeDescription(value, "ScopeDescription");
            return;
        }

        var ex = Rejects(() => ResourceServerValidator.ValidateScopeDescription(value, "ScopeDescription"));
        Assert.Equal(("length must be 1..256", $"length was {length}"), (ex.Rule, ex.Detail));
    }

    [Fact]
    public void ScopeDescription_length_counts_code_points_not_utf16_units()
    {
        // The model's lengths count characters as the service sees them; a surrogate pair is one.
        var max = string.Concat(Enumerable.Repeat("\U0001F600", 256));
        Assert.Equal(512, max.Length);
        ResourceServerValidator.ValidateScopeDescription(max, "ScopeDescription");

        var ex = Rejects(() => ResourceServerValidator.ValidateScopeDescription(max + "\U0001F600", "ScopeDescription"));
        Assert.Equal("length was 257", ex.Detail);
    }

    // Lone surrogates survive neither attribute metadata nor xUnit's serialized test cases (both turn them into
    // U+FFFD), so the rows are named (see NamedRows) and the strings built at run time.
    private static readonly NamedRows<(string Value, string Detail)> UnpairedSurrogateRows = new()
    {
        { "lone high at the end", ("ab\uD800", "unpaired surrogate U+D800 at index 2") },
        { "low then high", ("\uDC00\uD800", "unpaired surrogate U+DC00 at index 0") },
        { "emoji then a lone low", ("\U0001F600\uDE00", "unpaired surrogate U+DE00 at index 2") },
        { "high, then a pair", ("\uD83D\uD83D\uDE00", "unpaired surrogate U+D83D at index 0") },
    };

    public static TheoryData<string> UnpairedSurrogates => UnpairedSurrogateRows.Names;

    [Fact]
    public void Identifier_reports_a_lone_surrogate_by_its_code_unit()
    {
        var ex = Rejects(() => ResourceServerValidator.ValidateIdentifier("a\uD800b", "Identifier"));
        Assert.Equal("character U+D800 at index 1", ex.Detail);
    }

    [Theory]
    [MemberData(nameof(UnpairedSurrogates))]
    public void ScopeDescription_rejects_unpaired_surrogates_which_cannot_be_sent_as_utf8(string surrogates)
    {
        var (value, detail) = UnpairedSurrogateRows[surrogates];
        var ex = Rejects(() => ResourceServerValidator.ValidateScopeDescription(value, "ScopeDescription"));
        Assert.Equal(("ScopeDescription", "must be well-formed UTF-16", detail), (ex.Member, ex.Rule, ex.Detail));
    }

    // ---- Scopes: at most 100, each complete, names unique ----

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    public void Scopes_accepts_up_to_100(int count) => ResourceServerValidator.Validate(Server(scopes: Scopes(count)));

    [Fact]
    public void Scopes_rejects_101()
    {
        var ex = Rejects(() => ResourceServerValidator.Validate(Server(scopes: Scopes(101))));
        Assert.Equal(("Scopes", "at most 100 scopes", "count was 101"), (ex.Member, ex.Rule, ex.Detail));
    }

    [Fact]
    public void Scopes_null_list_is_an_absent_optional_member() => ResourceServerValidator.ValidateScopes(null, "Scopes");

    [Fact]
    public void Scopes_errors_name_the_item_and_member_by_path()
    {
        var scopes = Scopes(5);
        scopes[3] = new ResourceServerScope("orders/read", "Read orders");
        var ex = Rejects(() => ResourceServerValidator.Validate(Server(scopes: scopes)));
        Assert.Equal("Scopes[3].ScopeName", ex.Member);
        Assert.Equal("character '/' (U+002F) at index 6", ex.Detail);

        scopes[3] = new ResourceServerScope("orders.read", new string('d', 257));
        ex = Rejects(() => ResourceServerValidator.Validate(Server(scopes: scopes)));
        Assert.Equal(("Scopes[3].ScopeDescription", "length was 257"), (ex.Member, ex.Detail));
    }

    [Fact]
    public void Scopes_null_members_and_items_are_rejected_by_path()
    {
        var ex = Rejects(() => ResourceServerValidator.Validate(Server(scopes: [new("a", "A"), new(null!, "B")])));
        Assert.Equal(("Scopes[1].ScopeName", "is required", "it was null"), (ex.Member, ex.Rule, ex.Detail));

        ex = Rejects(() => ResourceServerValidator.Validate(Server(scopes: [new("a", null!)])));
        Assert.Equal(("Scopes[0].ScopeDescription", "is required"), (ex.Member, ex.Rule));

        ex = Rejects(() => ResourceServerValidator.Validate(Server(scopes: [new("a", "A"), new("b", "B"), null!])));
        Assert.Equal(("Scopes[2]", "is required"), (ex.Member, ex.Rule));
    }

    [Fact]
    public void Scopes_rejects_duplicate_names_naming_both_positions()
    {
        var ex = Rejects(() => ResourceServerValidator.Validate(
            Server(scopes: [new("read", "Read"), new("write", "Write"), new("read", "Read again")])));
        Assert.Equal(("Scopes[2].ScopeName", "scope names must be unique", "same name as Scopes[0]"), (ex.Member, ex.Rule, ex.Detail));
    }

    [Fact]
    public void Scopes_names_differing_only_in_case_are_distinct() =>
        ResourceServerValidator.Validate(Server(scopes: [new("read", "Read"), new("Read", "Read")]));

    // ---- MaxResults: 1..50; NextToken: [\S]+ ----

    [Theory]
    [InlineData(null)]
    [InlineData(1)]
    [InlineData(25)]
    [InlineData(50)]
    public void PageSize_accepts_1_to_50_or_none(int? size) => ResourceServerValidator.ValidatePageSize(size, "MaxResults");

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public void PageSize_rejects_values_outside_1_to_50(int size)
    {
        var ex = Rejects(() => ResourceServerValidator.ValidatePageSize(size, "MaxResults"));
        Assert.Equal(("MaxResults", "must be 1..50", $"it was {size}"), (ex.Member, ex.Rule, ex.Detail));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("t")]
    [InlineData("eyJwYWdlIjoyfQ==")]
    [InlineData("a\u00A0b")] // \S with ASCII \s: only ASCII white space is excluded
    public void NextToken_accepts_absent_or_non_white_space_text(string? token) =>
        ResourceServerValidator.ValidateNextToken(token, "NextToken");

    [Fact]
    public void NextToken_has_no_maximum_length() => ResourceServerValidator.ValidateNextToken(new string('t', 100_000), "NextToken");

    [Theory]
    [InlineData("", "length must be at least 1", "length was 0")]
    [InlineData("a b", "must not contain ASCII white space ([\\S]+)", "character U+0020 at index 1")]
    [InlineData("ab\r\n", "must not contain ASCII white space ([\\S]+)", "character U+000D at index 2")]
    public void NextToken_rejects_empty_and_white_space_tokens(string token, string rule, string detail)
    {
        var ex = Rejects(() => ResourceServerValidator.ValidateNextToken(token, "NextToken"));
        Assert.Equal(("NextToken", rule, detail), (ex.Member, ex.Rule, ex.Detail));
    }

    [Theory]
    [MemberData(nameof(UnpairedSurrogates))]
    public void NextToken_rejects_unpaired_surrogates(string surrogates)
    {
        var (token, detail) = UnpairedSurrogateRows[surrogates];
        var ex = Rejects(() => ResourceServerValidator.ValidateNextToken(token, "NextToken"));
        Assert.Equal(("NextToken", "must be well-formed UTF-16", detail), (ex.Member, ex.Rule, ex.Detail));
    }

    // ---- Whole requests ----

    [Fact]
    public void ResourceServer_null_is_an_argument_error_not_a_model_violation() =>
        Assert.Equal("resourceServer", Assert.Throws<ArgumentNullException>(() => ResourceServerValidator.Validate(null)).ParamName);

    [Theory]
    [InlineData(null, Id, "api", "UserPoolId")]
    [InlineData(Pool, null, "api", "Identifier")]
    [InlineData(Pool, Id, null, "Name")]
    public void ResourceServer_null_members_are_rejected_as_required(string? pool, string? id, string? name, string member)
    {
        var ex = Rejects(() => ResourceServerValidator.Validate(new ResourceServer(pool!, id!, name!)));
        Assert.Equal((member, "is required", "it was null"), (ex.Member, ex.Rule, ex.Detail));
    }

    [Theory]
    [InlineData(null, Id, "UserPoolId")]
    [InlineData("", Id, "UserPoolId")]
    [InlineData(Pool, null, "Identifier")]
    [InlineData(Pool, "", "Identifier")]
    [InlineData(Pool, "a b", "Identifier")]
    public void Key_checks_pool_then_identifier(string? pool, string? id, string member) =>
        Assert.Equal(member, Rejects(() => ResourceServerValidator.ValidateKey(pool, id)).Member);

    [Fact]
    public void Key_accepts_a_valid_pool_and_identifier() => ResourceServerValidator.ValidateKey(Pool, Id);

    [Fact]
    public void ResourceServer_is_checked_member_by_member_in_model_order()
    {
        var bad = new ResourceServer("bad pool", "bad id", "bad/name", [new ResourceServerScope("bad scope", "d")]);
        Assert.Equal("UserPoolId", Rejects(() => ResourceServerValidator.Validate(bad)).Member);
        Assert.Equal("Identifier", Rejects(() => ResourceServerValidator.Validate(bad with { UserPoolId = Pool })).Member);
        Assert.Equal("Name", Rejects(() => ResourceServerValidator.Validate(bad with { UserPoolId = Pool, Identifier = Id })).Member);
        Assert.Equal("Scopes[0].ScopeName", Rejects(() => ResourceServerValidator.Validate(bad with { UserPoolId = Pool, Identifier = Id, Name = "name" })).Member);
    }
}
