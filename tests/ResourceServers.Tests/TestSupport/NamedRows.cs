using System.Collections;

namespace ResourceServers.Tests.TestSupport;

/// <summary>
/// Theory rows xUnit can serialize: each row has a name, a theory takes the name (<see cref="Names"/>) and looks its
/// data up (<c>rows[name]</c>).
/// </summary>
/// <remarks>
/// xUnit makes each row its own test case only when it can serialize the row's data. Rows holding delegates,
/// exceptions, requests or strings with lone surrogates all run as one test case, whose rows after the first report
/// outside any test case's start and end. Stryker (eng/mutation.sh) then cannot tell which test reached the code those
/// rows run, so it tests every mutant there against the whole suite: sixteen such theories made more than half of
/// the mutants cost a whole-suite run. A name is a string, so each row stays its own test case.
/// </remarks>
/// <typeparam name="T">The row's data.</typeparam>
public sealed class NamedRows<T> : IEnumerable<KeyValuePair<string, T>>
{
    private readonly List<KeyValuePair<string, T>> _rows = [];

    /// <summary>The row names, as a theory's data.</summary>
    public TheoryData<string> Names
    {
        get
        {
            var names = new TheoryData<string>();
            foreach (var row in _rows)
            {
                names.Add(row.Key);
            }

            return names;
        }
    }

    /// <summary>The data of the row named <paramref name="name"/>.</summary>
    public T this[string name] => _rows.Single(row => row.Key == name).Value;

    /// <summary>Adds a row; a name used twice fails at once (the second row would never run).</summary>
    public void Add(string name, T row)
    {
        if (_rows.Exists(existing => existing.Key == name))
        {
            throw new ArgumentException($"Two theory rows are named '{name}'.", nameof(name));
        }

        _rows.Add(new(name, row));
    }

    public IEnumerator<KeyValuePair<string, T>> GetEnumerator() => _rows.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
