using System.Globalization;

namespace ResourceServers.Tests.Validation;

/// <summary>
/// Short scope lists are checked for duplicate names pair by pair and long ones through a table; both must find the
/// same duplicates, name the same positions, and treat names differing only in case as distinct.
/// </summary>
public class RequestValidatorScopeListSizeTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(ResourceServerValidator.MaxScopes)]
    public void A_duplicate_at_the_end_names_its_first_occurrence_at_every_list_size(int count)
    {
        var duplicated = (count - 1) / 2;
        var scopes = Distinct(count - 1).Append(new ResourceServerScope(Name(duplicated), "again")).ToList();

        var ex = Assert.Throws<ResourceServerValidationException>(() => ResourceServerValidator.ValidateScopes(scopes, "Scopes"));

        Assert.Equal($"Scopes[{count - 1}].ScopeName", ex.Member);
        Assert.Equal("scope names must be unique", ex.Rule);
        Assert.Equal($"same name as Scopes[{duplicated}]", ex.Detail);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(ResourceServerValidator.MaxScopes)]
    public void Distinct_names_pass_at_every_list_size_even_when_they_differ_only_in_case(int count)
    {
        var scopes = Distinct(count - 1).Append(new ResourceServerScope(Name(0).ToUpperInvariant(), "upper")).ToList();

        ResourceServerValidator.ValidateScopes(scopes, "Scopes");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(ResourceServerValidator.MaxScopes)]
    public void A_bad_scope_in_a_list_is_still_named_by_its_position(int count)
    {
        var scopes = Distinct(count).ToList();
        scopes[count - 1] = new ResourceServerScope("has space", "x");

        var ex = Assert.Throws<ResourceServerValidationException>(() => ResourceServerValidator.ValidateScopes(scopes, "Scopes"));

        Assert.Equal($"Scopes[{count - 1}].ScopeName", ex.Member);
    }

    private static IEnumerable<ResourceServerScope> Distinct(int count) =>
        Enumerable.Range(0, count).Select(i => new ResourceServerScope(Name(i), "d"));

    private static string Name(int i) => "scope" + i.ToString(CultureInfo.InvariantCulture) + "x";
}
