using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace ResourceServers.Analyzers.CodeFixes;

/// <summary>
/// RSRV001/RSRV002 with the raw SDK: reads the resource server first (DescribeResourceServer) and keeps what the
/// request leaves out: its Scopes, and its Name when the request has none.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReadModifyWriteCodeFix)), Shared]
public sealed class ReadModifyWriteCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix's code action.</summary>
    internal const string EquivalenceKey = "ResourceServers.ReadModifyWrite";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Rules.UpdateResourceServerWithoutScopesId, Rules.UpdateResourceServerWithoutNameId);

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        if (await FlaggedCall.FindAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is not { } call
            || call.Receiver is not { } receiver
            || call.CreatingStatement is not { } statement)
        {
            return;
        }

        var async = call.Operation.TargetMethod.Name.EndsWith("Async", StringComparison.Ordinal);
        if (async && !call.InAsyncFunction)
        {
            return;
        }

        var describeName = async ? "DescribeResourceServerAsync" : "DescribeResourceServer";
        var describeRequest = call.Model.Compilation.GetTypeByMetadataName(CognitoTypes.DescribeResourceServerRequestName);
        var describe = call.Model.LookupSymbols(call.Invocation.SpanStart, call.Operation.Instance!.Type, describeName)
            .OfType<IMethodSymbol>()
            .FirstOrDefault(m => m.Parameters.Length >= 1 && SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type, describeRequest));
        if (describe is null || describeRequest is null)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Read the resource server first and keep what the request leaves out",
                cancellationToken => FixAsync(context.Document, call, receiver, statement, describe, describeRequest, cancellationToken),
                EquivalenceKey),
            diagnostic);
    }

    private static async Task<Document> FixAsync(
        Document document,
        FlaggedCall call,
        ExpressionSyntax receiver,
        StatementSyntax statement,
        IMethodSymbol describe,
        INamedTypeSymbol describeRequest,
        CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var current = call.UnusedName("current");

        // The flow without its graph: where a member may be set anywhere in the method, the fix leaves it alone.
        var flow = new RequestFlow(call.Types, () => Reachability.Unknown);
        var requestType = call.Call.Request.Parameter!.Type;
        var missing = new[] { "Name", "Scopes" }
            .Where(member => !flow.MaySet(call.Call.Request.Value, requestType, ImmutableHashSet.Create(member), call.Operation))
            .ToList();

        var arguments = "new " + describeRequest.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)
            + " { UserPoolId = " + call.UserPoolId.WithoutTrivia() + ", Identifier = " + call.Identifier.WithoutTrivia() + " }";
        if (call.CancellationToken is { } token && describe.Parameters.Length >= 2)
        {
            arguments += ", " + token.WithoutTrivia();
        }

        var read = (describe.Name.EndsWith("Async", StringComparison.Ordinal) ? "await " : string.Empty)
            + receiver.WithoutTrivia() + "." + describe.Name + "(" + arguments + ")";
        var newLine = statement.SyntaxTree.GetRoot(cancellationToken).DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var endOfLine = newLine.IsKind(SyntaxKind.EndOfLineTrivia) ? newLine : SyntaxFactory.ElasticCarriageReturnLineFeed;
        var declaration = SyntaxFactory.ParseStatement("var " + current + " = " + read + ";")
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation, Formatter.Annotation)
            .WithLeadingTrivia(statement.GetLeadingTrivia())
            .WithTrailingTrivia(endOfLine);
        editor.InsertBefore(statement, declaration);
        editor.ReplaceNode(call.Initializer, Extend(call.Initializer, endOfLine, missing.Select(member =>
            SyntaxFactory.ParseExpression(member + " = " + current + ".ResourceServer." + member)).ToList()));
        return editor.GetChangedDocument();
    }

    /// <summary>The initializer with more member assignments, laid out as its existing ones are (one line, or one per line).</summary>
    private static InitializerExpressionSyntax Extend(InitializerExpressionSyntax initializer, SyntaxTrivia endOfLine, List<ExpressionSyntax> assignments)
    {
        var expressions = initializer.Expressions;
        var multiline = initializer.OpenBraceToken.GetLocation().GetLineSpan().StartLinePosition.Line
            != initializer.CloseBraceToken.GetLocation().GetLineSpan().StartLinePosition.Line;
        if (!multiline)
        {
            // The space before the closing brace moves from the last existing item to the last new one.
            var items = expressions.ToList();
            var trailing = items.Count > 0 ? items[items.Count - 1].GetTrailingTrivia() : SyntaxFactory.TriviaList(SyntaxFactory.Space);
            if (items.Count > 0)
            {
                items[items.Count - 1] = items[items.Count - 1].WithoutTrailingTrivia();
            }

            items.AddRange(assignments);
            items[items.Count - 1] = items[items.Count - 1].WithTrailingTrivia(trailing);
            return initializer.WithExpressions(SyntaxFactory.SeparatedList(items));
        }

        var indentation = expressions.Count > 0 ? expressions[0].GetLeadingTrivia() : initializer.OpenBraceToken.LeadingTrivia;
        var nodes = new List<SyntaxNodeOrToken>();
        foreach (var item in expressions.GetWithSeparators())
        {
            nodes.Add(item);
        }

        if (expressions.Count > 0 && expressions.SeparatorCount < expressions.Count)
        {
            // The last existing item had no trailing comma: move its line break after a new one.
            var last = (ExpressionSyntax)nodes[nodes.Count - 1].AsNode()!;
            nodes[nodes.Count - 1] = last.WithTrailingTrivia();
            nodes.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(last.GetTrailingTrivia()));
        }

        foreach (var assignment in assignments)
        {
            nodes.Add(assignment.WithLeadingTrivia(indentation));
            nodes.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(endOfLine));
        }

        return initializer.WithExpressions(SyntaxFactory.SeparatedList<ExpressionSyntax>(nodes));
    }
}
