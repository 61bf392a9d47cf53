using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace ResourceServers.Analyzers.Tests.TestSupport;

/// <summary>
/// Runs the analyzer (and a code fix) over test sources compiled with the stand-in SDK and .NET 10's reference
/// assemblies (from a restored package: nothing is downloaded while the tests run).
/// </summary>
internal static class Verify
{
    public static DiagnosticResult Diagnostic(string id) => new(id, DiagnosticSeverity.Warning);

    public static Task AnalyzerAsync(string source, params DiagnosticResult[] expected) => AnalyzerAsync(source, recordRequests: false, editorConfig: null, expected);

    public static Task AnalyzerAsync(string source, bool recordRequests, params DiagnosticResult[] expected) => AnalyzerAsync(source, recordRequests, editorConfig: null, expected);

    /// <summary>Runs the analyzer with <paramref name="editorConfig"/>'s lines in an .editorconfig section for every C# file.</summary>
    public static Task AnalyzerAsync(string source, string editorConfig, params DiagnosticResult[] expected) => AnalyzerAsync(source, recordRequests: false, editorConfig, expected);

    /// <summary>Runs the analyzer over a program of top-level statements.</summary>
    public static Task ProgramAsync(string source, params DiagnosticResult[] expected) =>
        AnalyzerAsync(source, recordRequests: false, editorConfig: null, expected, OutputKind.ConsoleApplication);

    private static async Task AnalyzerAsync(
        string source, bool recordRequests, string? editorConfig, DiagnosticResult[] expected, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
    {
        var test = new CSharpAnalyzerTest<ReplaceSemanticsAnalyzer, DefaultVerifier> { TestCode = source };
        test.TestState.OutputKind = outputKind;
        Prepare(test, test.TestState, recordRequests, referenceLibrary: false);
        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", $"root = true\n\n[*.cs]\n{editorConfig}\n"));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    /// <summary>Applies the code fix registered under <paramref name="equivalenceKey"/> and compares the result.</summary>
    public static async Task CodeFixAsync<TFix>(string source, string fixedSource, string equivalenceKey, bool referenceLibrary = false)
        where TFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<ReplaceSemanticsAnalyzer, TFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
        };
        Prepare(test, test.TestState, recordRequests: false, referenceLibrary);
        test.FixedState.Sources.Add((StandInSdk.FileName, StandInSdk.Source()));
        await test.RunAsync();
    }

    /// <summary>Checks that the code fix offers nothing for the source's diagnostics.</summary>
    public static async Task NoCodeFixAsync<TFix>(string source, bool referenceLibrary = false)
        where TFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<ReplaceSemanticsAnalyzer, TFix, DefaultVerifier> { TestCode = source, FixedCode = source };
        Prepare(test, test.TestState, recordRequests: false, referenceLibrary);
        test.FixedState.Sources.Add((StandInSdk.FileName, StandInSdk.Source()));
        await test.RunAsync();
    }

    private static void Prepare(AnalyzerTest<DefaultVerifier> test, SolutionState state, bool recordRequests, bool referenceLibrary)
    {
        test.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        state.AdditionalReferences.AddRange(Net100.References.All);
        if (referenceLibrary)
        {
            state.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(IResourceServerClient).Assembly.Location));
        }

        state.Sources.Add((StandInSdk.FileName, StandInSdk.Source(recordRequests)));
    }
}
