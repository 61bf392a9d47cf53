namespace ResourceServers.Tests.Telemetry;

/// <summary>The one sanitizer: escapes what could forge or hide text, caps what could flood, leaves clean text alone.</summary>
public class UntrustedTextTests
{
    [Fact]
    public void Clean_text_within_the_cap_is_returned_as_the_same_instance()
    {
        var clean = "https://api.example.com/orders";

        Assert.Same(clean, UntrustedText.Sanitize(clean));
    }

    [Fact]
    public void Clean_text_exactly_as_long_as_the_cap_is_returned_whole_as_the_same_instance()
    {
        var atCap = new string('a', 100);

        Assert.Same(atCap, UntrustedText.Sanitize(atCap, 100));
    }

    [Theory]
    [InlineData("a\r\nb", "a\\u000D\\u000Ab")]
    [InlineData("\u001b[31mred", "\\u001B[31mred")]
    [InlineData("abc\u202Eevil", "abc\\u202Eevil")]
    [InlineData("nul\0", "nul\\u0000")]
    [InlineData("c1\u0085", "c1\\u0085")]
    public void Control_format_and_unpaired_surrogate_characters_are_escaped(string input, string expected) =>
        Assert.Equal(expected, UntrustedText.Sanitize(input));

    [Fact]
    public void An_unpaired_surrogate_is_escaped()
    {
        // Not theory data: xUnit's serialization of test cases would turn the lone surrogate into U+FFFD.
        Assert.Equal("lone\\uD800", UntrustedText.Sanitize("lone\uD800"));
    }

    [Fact]
    public void Paired_surrogates_and_ordinary_unicode_are_kept()
    {
        Assert.Equal("caf\u00e9 \U0001F600", UntrustedText.Sanitize("caf\u00e9 \U0001F600"));
    }

    [Fact]
    public void Long_text_is_cut_at_the_cap_saying_how_much_was_left_out()
    {
        var sanitized = UntrustedText.Sanitize(new string('a', 131_000), 100);

        Assert.Equal(new string('a', 100) + "...(130900 more characters)", sanitized);
    }

    [Fact]
    public void Null_stays_null() => Assert.Null(UntrustedText.Sanitize(null));
}
