using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ResourceServers.Tests.Validation;

/// <summary>
/// Random valid resource servers pass; the same with one member broken fail, naming that member. The alphabets are
/// written out from the model's patterns (ASCII \w and \s), independently of the validator's own predicates.
/// </summary>
public class RequestValidatorPropertyTests
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digits = "0123456789";
    private const string AsciiWord = Letters + Digits + "_";
    private const string AsciiSpace = " \t\n\v\f\r";

    private static readonly char[] PoolPrefixAlphabet = [.. AsciiWord + "-"];
    private static readonly char[] PoolSuffixAlphabet = [.. Letters + Digits];
    private static readonly char[] IdentifierAlphabet = [.. Range(0x21, 0x7E).Where(c => c is not '"' and not '\\')];
    private static readonly char[] ScopeNameAlphabet = [.. IdentifierAlphabet.Where(c => c != '/')];
    private static readonly char[] NameAlphabet = [.. AsciiWord + AsciiSpace + "+=,.@-"];

    // The characters \w, \s, \d mean in .NET but not to the service, plus controls, quotes, slashes and astral ones.
    private static readonly string[] NonAsciiTraps = ["é", "Ж", "\u0661", "\u00A0", "\u2003", "\u3000", "\u200B", "\uFEFF", "\u0085", "\U0001F600"];

    private enum Breakage
    {
        Empty,
        TooLong,
        BadCharacter,
        Null,
    }

    [Property(MaxTest = 300)]
    public Property Valid_resource_servers_pass() =>
        Prop.ForAll(ValidServer().ToArbitrary(), server => ResourceServerValidator.Validate(server));

    [Property(MaxTest = 500)]
    public Property A_resource_server_with_one_broken_member_fails_naming_that_member() =>
        Prop.ForAll(BrokenServer().ToArbitrary(), broken =>
        {
            var ex = Assert.Throws<ResourceServerValidationException>(() => ResourceServerValidator.Validate(broken.Server));
            Assert.Equal(broken.Member, ex.Member);
            Assert.StartsWith(broken.Member + ": ", ex.Message, StringComparison.Ordinal);
        });

    [Property(MaxTest = 100)]
    public Property More_than_100_scopes_fail_on_the_list() =>
        Prop.ForAll(
            (from server in ValidServer()
             from extra in Gen.Choose(101, 150)
             select server.WithScopes(Enumerable.Range(0, extra).Select(i => new ResourceServerScope("s" + i.ToString(CultureInfo.InvariantCulture), "d")))).ToArbitrary(),
            server => Assert.Equal("Scopes", Assert.Throws<ResourceServerValidationException>(() => ResourceServerValidator.Validate(server)).Member));

    [Property(MaxTest = 300)]
    public Property Page_size_is_accepted_exactly_from_1_to_50() =>
        Prop.ForAll(Gen.OneOf(Gen.Choose(-100, 100), Gen.Elements(int.MinValue, int.MaxValue, 0, 1, 50, 51)).ToArbitrary(), size =>
        {
            var thrown = Record.Exception(() => ResourceServerValidator.ValidatePageSize(size, "MaxResults"));
            if (size is >= 1 and <= 50)
            {
                Assert.Null(thrown);
            }
            else
            {
                Assert.Equal("MaxResults", Assert.IsType<ResourceServerValidationException>(thrown).Member);
            }
        });

    [Property(MaxTest = 300)]
    public Property Next_tokens_without_ascii_white_space_pass_and_with_it_fail() =>
        Prop.ForAll(
            (from token in StringOf(IdentifierAlphabet.Concat("é\u00A0\u3000").ToArray(), 1, 300)
             from space in Gen.Elements(AsciiSpace.ToCharArray())
             from at in Gen.Choose(0, token.Length)
             select (token, broken: token.Insert(at, space.ToString()))).ToArbitrary(),
            t =>
            {
                ResourceServerValidator.ValidateNextToken(t.token, "NextToken");
                Assert.Equal("NextToken", Assert.Throws<ResourceServerValidationException>(() => ResourceServerValidator.ValidateNextToken(t.broken, "NextToken")).Member);
            });

    private static IEnumerable<char> Range(int first, int last) => Enumerable.Range(first, last - first + 1).Select(i => (char)i);

    private static Gen<string> StringOf(char[] alphabet, int minLength, int maxLength) =>
        from length in Gen.Choose(minLength, maxLength)
        from chars in Gen.Elements(alphabet).ArrayOf(length)
        select new string(chars);

    private static Gen<string> UserPoolId() =>
        from prefixLength in Gen.Choose(1, 53)
        from prefix in StringOf(PoolPrefixAlphabet, prefixLength, prefixLength)
        from suffix in StringOf(PoolSuffixAlphabet, 1, 54 - prefixLength)
        select prefix + "_" + suffix;

    // Any well-formed text: ASCII, controls, BMP letters and spaces, and characters outside the BMP (surrogate pairs).
    private static Gen<string> Description() =>
        from length in Gen.Choose(1, 256)
        from runes in Gen.OneOf(
                Gen.Choose(0x20, 0x7E),
                Gen.Choose(0x00, 0x1F),
                Gen.Choose(0xA0, 0xD7FF),
                Gen.Choose(0xE000, 0xFFFD),
                Gen.Choose(0x10000, 0x10FFFF))
            .ArrayOf(length)
        select string.Concat(runes.Select(r => new Rune(r).ToString()));

    private static Gen<ResourceServerScope[]> Scopes() =>
        from count in Gen.Frequency((1, Gen.Constant(0)), (4, Gen.Choose(1, 10)), (1, Gen.Choose(90, 100)))
        from names in StringOf(ScopeNameAlphabet, 1, 253).ArrayOf(count)
        from descriptions in Description().ArrayOf(count)
        // A distinct suffix keeps the names unique (duplicates are a rule of their own) and within 256.
        select names.Select((n, i) => new ResourceServerScope(n + "#" + i.ToString(CultureInfo.InvariantCulture), descriptions[i])).ToArray();

    private static Gen<ResourceServer> ValidServer() =>
        from pool in UserPoolId()
        from identifier in StringOf(IdentifierAlphabet, 1, 256)
        from name in StringOf(NameAlphabet, 1, 256)
        from scopes in Scopes()
        select new ResourceServer(pool, identifier, name, scopes);

    private static Gen<BrokenCase> BrokenServer() =>
        from server in ValidServer()
        from target in Gen.Choose(0, server.Scopes.Count == 0 ? 2 : 4)
        from breakage in Gen.Elements(Breakage.Empty, Breakage.TooLong, Breakage.BadCharacter, Breakage.Null)
        from index in Gen.Choose(0, Math.Max(0, server.Scopes.Count - 1))
        from position in Gen.Choose(0, 10_000)
        from excess in Gen.Choose(1, 300)
        from seed in Gen.Choose(0, 1_000_000)
        select Break(server, target, breakage, index, position, excess, seed);

    private static BrokenCase Break(ResourceServer server, int target, Breakage breakage, int index, int position, int excess, int seed)
    {
        switch (target)
        {
            case 0:
                return new(server with { UserPoolId = Broken(server.UserPoolId, 55, ForbiddenIn(PoolPrefixAlphabet, seed), breakage, position, excess) }, "UserPoolId");
            case 1:
                return new(server with { Identifier = Broken(server.Identifier, 256, ForbiddenIn(IdentifierAlphabet, seed), breakage, position, excess) }, "Identifier");
            case 2:
                return new(server with { Name = Broken(server.Name, 256, ForbiddenIn(NameAlphabet, seed), breakage, position, excess) }, "Name");
            default:
                var scopes = server.Scopes.ToArray();
                var scope = scopes[index];
                var path = $"Scopes[{index.ToString(CultureInfo.InvariantCulture)}]";
                if (target == 3)
                {
                    scopes[index] = scope with { Name = Broken(scope.Name, 256, ForbiddenIn(ScopeNameAlphabet, seed), breakage, position, excess) };
                    return new(server.WithScopes(scopes), path + ".ScopeName");
                }

                // A description may hold any well-formed text; only a lone surrogate is a bad character there.
                var lone = (seed % 2 == 0 ? '\uD800' : '\uDC00').ToString();
                scopes[index] = scope with { Description = Broken(scope.Description, 256, lone, breakage, position, excess) };
                return new(server.WithScopes(scopes), path + ".ScopeDescription");
        }
    }

    private static string Broken(string valid, int max, string badCharacter, Breakage breakage, int position, int excess) => breakage switch
    {
        Breakage.Empty => string.Empty,
        Breakage.Null => null!,
        Breakage.TooLong => valid + new string('a', max + excess - valid.EnumerateRunes().Count()),
        // Inserted between characters, never inside a surrogate pair of the valid text.
        _ => valid.Insert(SafeInsertionPoint(valid, position), badCharacter),
    };

    private static int SafeInsertionPoint(string value, int position)
    {
        var at = position % (value.Length + 1);
        return at > 0 && at < value.Length && char.IsLowSurrogate(value[at]) ? at - 1 : at;
    }

    // A character outside the alphabet: half the time one of the traps, otherwise any BMP character or an astral one.
    private static string ForbiddenIn(char[] alphabet, int seed)
    {
        if (seed % 2 == 0)
        {
            return NonAsciiTraps[seed / 2 % NonAsciiTraps.Length];
        }

        for (var code = seed % 0x3000; ; code = (code + 1) % 0x3000)
        {
            if (!alphabet.Contains((char)code))
            {
                return ((char)code).ToString();
            }
        }
    }

    public sealed record BrokenCase(ResourceServer Server, string Member);
}
