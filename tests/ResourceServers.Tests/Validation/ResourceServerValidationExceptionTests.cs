
namespace ResourceServers.Tests.Validation;

public class ResourceServerValidationExceptionTests
{
    private const string SecretDescription = "Grants access to payroll-db-7f3a9c; only for the finance batch job";
    private const string SecretIdentifier = "https://internal-payroll.corp.example/api-7f3a9c";

    [Fact]
    public void Message_is_exactly_member_rule_and_detail_without_the_argument_exception_suffix()
    {
        var ex = new ResourceServerValidationException("Scopes[3].ScopeName", "length must be 1..256", "length was 257");

        Assert.Equal("Scopes[3].ScopeName: length must be 1..256; length was 257.", ex.Message);
        Assert.DoesNotContain("(Parameter", ex.Message, StringComparison.Ordinal);
        Assert.Equal("Scopes[3].ScopeName", ex.ParamName);
        Assert.IsAssignableFrom<ArgumentException>(ex);
    }

    [Fact]
    public void A_bad_scope_name_reports_neither_the_description_nor_the_other_members()
    {
        var server = new ResourceServer("us-east-1_Zq9PayRoll", SecretIdentifier, "Payroll API",
            [new ResourceServerScope("read", "Read"), new ResourceServerScope("payroll/export all", SecretDescription)]);

        var ex = Assert.Throws<ResourceServerValidationException>(() => ResourceServerValidator.Validate(server));

        Assert.Equal("Scopes[1].ScopeName: " + ex.Rule + "; character '/' (U+002F) at index 7.", ex.Message);
        AssertMentionsNone(ex, SecretDescription, SecretIdentifier, "us-east-1_Zq9PayRoll", "Payroll API", "payroll/export all", "payroll");
    }

    [Fact]
    public void A_bad_name_reports_only_the_offending_character_not_the_value_or_the_scopes()
    {
        var server = new ResourceServer("us-east-1_Zq9PayRoll", SecretIdentifier, "Payroll for payroll-db-7f3a9c!",
            [new ResourceServerScope("read", SecretDescription)]);

        var ex = Assert.Throws<ResourceServerValidationException>(() => ResourceServerValidator.Validate(server));

        Assert.Equal("Name", ex.Member);
        Assert.Equal("character '!' (U+0021) at index 29", ex.Detail);
        AssertMentionsNone(ex, SecretDescription, SecretIdentifier, "Payroll for", "7f3a9c");
    }

    [Fact]
    public void A_too_long_description_reports_its_length_not_its_text()
    {
        var description = SecretDescription + new string('!', 256);
        var ex = Assert.Throws<ResourceServerValidationException>(() => ResourceServerValidator.Validate(
            new ResourceServer("us-east-1_abc", "https://api", "api", [new ResourceServerScope("read", description)])));

        Assert.Equal(("Scopes[0].ScopeDescription", $"length was {description.Length}"), (ex.Member, ex.Detail));
        AssertMentionsNone(ex, "payroll", "https://api");
    }

    private static void AssertMentionsNone(Exception ex, params string[] values)
    {
        var text = ex.ToString();
        foreach (var value in values)
        {
            Assert.DoesNotContain(value, ex.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(value, text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
