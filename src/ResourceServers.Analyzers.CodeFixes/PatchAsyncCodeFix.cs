using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;

namespace ResourceServers.Analyzers.CodeFixes;

/// <summary>
/// RSRV001 where the project references ResourceServers: a rename through the raw SDK becomes
/// <c>IResourceServerClient.PatchAsync(pool, identifier, ResourceServerPatch.Rename(name))</c>, which keeps the scopes.
/// Offered when an <c>IResourceServerClient</c> is in scope (a parameter, local, field or property) and the call's
/// result is not used.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PatchAsyncCodeFix)), Shared]
public sealed class PatchAsyncCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix's code action.</summary>
    internal const string EquivalenceKey = "ResourceServers.PatchAsync";

    private const string ClientName = "ResourceServers.IResourceServerClient";
    private const string PatchName = "ResourceServers.ResourceServerPatch";

    // What an UpdateResourceServerRequest may set for the rewrite to say the same: the rest (Scopes) is not a rename.
    private static readonly ImmutableHashSet<string> RenameMembers = ImmutableHashSet.Create("UserPoolId", "Identifier", "Name");

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Rules.UpdateResourceServerWithoutScopesId);

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        if (await FlaggedCall.FindAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is not { } call
            || call.Model.Compilation.GetTypeByMetadataName(ClientName) is not { } clientType
            || call.Model.Compilation.GetTypeByMetadataName(PatchName) is not { } patchType
            || call.Operation.TargetMethod.Name != "UpdateResourceServerAsync"
            || call.Invocation.Parent is not AwaitExpressionSyntax { Parent: ExpressionStatementSyntax statement }
            || RequestFlow.InitializerValue(call.Creation, "Name")?.Syntax is not ExpressionSyntax name
            || call.Creation.Initializer!.Initializers.Any(i => i is not ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } || !RenameMembers.Contains(target.Member.Name))
            || ClientInScope(call, clientType) is not { } client)
        {
            return;
        }

        // A local request goes with the call, so it may be used nowhere else.
        if (call.Declarator is { } declarator
            && (RequestFlow.ExecutableRoot(call.Operation).Descendants().OfType<ILocalReferenceOperation>().Count(r => SymbolEqualityComparer.Default.Equals(r.Local, declarator.Symbol)) != 1
                || declarator.Syntax.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is not { Declaration.Variables.Count: 1 }))
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Rename with IResourceServerClient.PatchAsync, which keeps the scopes",
                cancellationToken => FixAsync(context.Document, call, statement, client, patchType, name, cancellationToken),
                EquivalenceKey),
            diagnostic);
    }

    private static async Task<Document> FixAsync(
        Document document,
        FlaggedCall call,
        ExpressionStatementSyntax statement,
        string client,
        INamedTypeSymbol patchType,
        ExpressionSyntax name,
        CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var arguments = call.UserPoolId.WithoutTrivia() + ", " + call.Identifier.WithoutTrivia() + ", "
            + patchType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ".Rename(" + name.WithoutTrivia() + ")";
        if (call.CancellationToken is { } token)
        {
            arguments += ", " + token.WithoutTrivia();
        }

        var patch = SyntaxFactory.ParseStatement("await " + client + ".PatchAsync(" + arguments + ");")
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation, Formatter.Annotation)
            .WithTriviaFrom(statement);
        editor.ReplaceNode(statement, patch);
        if (call.Declarator?.Syntax.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is { } declaration)
        {
            editor.RemoveNode(declaration, SyntaxRemoveOptions.KeepNoTrivia);
        }

        return editor.GetChangedDocument();
    }

    /// <summary>The name of an <c>IResourceServerClient</c> the call's code can use: a local or parameter first, then a field or property.</summary>
    private static string? ClientInScope(FlaggedCall call, INamedTypeSymbol clientType)
    {
        var position = call.Invocation.SpanStart;
        var isStatic = call.Model.GetEnclosingSymbol(position) is { IsStatic: true };
        var candidates = call.Model.LookupSymbols(position)
            .Where(symbol => symbol switch
            {
                ILocalSymbol local => IsClient(local.Type) && local.DeclaringSyntaxReferences.All(r => r.Span.End <= position),
                IParameterSymbol parameter => IsClient(parameter.Type),
                IFieldSymbol field => (field.IsStatic || !isStatic) && IsClient(field.Type),
                IPropertySymbol property => (property.IsStatic || !isStatic) && !property.IsIndexer && IsClient(property.Type),
                _ => false,
            })
            .OrderBy(symbol => symbol is ILocalSymbol or IParameterSymbol ? 0 : 1)
            .ThenBy(symbol => symbol.Name, StringComparer.Ordinal);
        return candidates.FirstOrDefault()?.Name;

        bool IsClient(ITypeSymbol type) =>
            SymbolEqualityComparer.Default.Equals(type, clientType) || type.AllInterfaces.Contains(clientType, SymbolEqualityComparer.Default);
    }
}
