using System.Reflection;
using System.Text;
using ResourceServers.Tests.TestSupport;
using Xunit.Sdk;

namespace ResourceServers.Tests.Conventions;

/// <summary>
/// Every theory row of this suite is its own test case: its arguments are values xUnit serializes (strings that are
/// well-formed UTF-16, numbers, booleans, enums, types, null; stricter than xUnit, which takes a few more) and no data
/// source turns discovery off.
/// </summary>
/// <remarks>
/// A theory with a row xUnit cannot serialize runs as one test case whose later rows report outside any test case.
/// Stryker then cannot tell which tests reach the code those rows run and tests every mutant there against the whole
/// suite; sixteen such theories once made eng/mutation.sh test 1000 mutants that way instead of 70. Rows that need
/// richer data name them instead (<see cref="NamedRows{T}"/>).
/// </remarks>
public class TheoryRowConventionTests
{
    [Fact]
    public void Every_theory_row_is_a_test_case_of_its_own()
    {
        var theories = typeof(TheoryRowConventionTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.IsDefined(typeof(TheoryAttribute), inherit: false))
            .ToList();
        Assert.True(theories.Count > 50, $"Found only {theories.Count} theories; did the scan break?");

        var problems = new List<string>();
        foreach (var theory in theories)
        {
            var name = $"{theory.DeclaringType!.Name}.{theory.Name}";
            foreach (var source in theory.GetCustomAttributes<DataAttribute>())
            {
                if (source is MemberDataAttributeBase { DisableDiscoveryEnumeration: true })
                {
                    problems.Add($"{name}: DisableDiscoveryEnumeration makes the theory one test case");
                }

                foreach (var row in source.GetData(theory))
                {
                    // [InlineData(null)] gives a null row: one null argument.
                    problems.AddRange((row ?? [null]).Where(argument => !IsSerializable(argument)).Select(argument => $"{name}: argument {Describe(argument)} is not serializable"));
                }
            }
        }

        Assert.True(problems.Count == 0, "Theory rows xUnit runs as one test case (name the rows with NamedRows):\n" + string.Join('\n', problems.Distinct()));
    }

    private static bool IsSerializable(object? argument) => argument switch
    {
        null => true,
        string text => IsWellFormed(text),
        bool or char or byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal => true,
        Enum or Type => true,
        _ => false,
    };

    private static bool IsWellFormed(string text)
    {
        try
        {
            _ = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetByteCount(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    private static string Describe(object? argument) => argument switch
    {
        string => "a string with a lone surrogate",
        _ => $"of type {argument!.GetType().Name}",
    };
}
