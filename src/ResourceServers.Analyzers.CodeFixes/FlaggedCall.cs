using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ResourceServers.Analyzers.CodeFixes;

/// <summary>
/// The UpdateResourceServer call a diagnostic points at, with what both fixes need: the request's object creation
/// (inline, or the one value of its local) and the pool and identifier it sets.
/// </summary>
internal sealed class FlaggedCall
{
    private FlaggedCall(
        SemanticModel model,
        CognitoTypes types,
        InvocationExpressionSyntax invocation,
        IInvocationOperation operation,
        UpdateCall call,
        IObjectCreationOperation creation,
        IVariableDeclaratorOperation? declarator,
        ExpressionSyntax userPoolId,
        ExpressionSyntax identifier)
    {
        Model = model;
        Types = types;
        Invocation = invocation;
        Operation = operation;
        Call = call;
        Creation = creation;
        Declarator = declarator;
        UserPoolId = userPoolId;
        Identifier = identifier;
    }

    public SemanticModel Model { get; }

    public CognitoTypes Types { get; }

    public InvocationExpressionSyntax Invocation { get; }

    public IInvocationOperation Operation { get; }

    public UpdateCall Call { get; }

    /// <summary>The request's creation; it has an object initializer.</summary>
    public IObjectCreationOperation Creation { get; }

    /// <summary>The local the request is declared in, or null when it is created in the call.</summary>
    public IVariableDeclaratorOperation? Declarator { get; }

    public ExpressionSyntax UserPoolId { get; }

    public ExpressionSyntax Identifier { get; }

    /// <summary>The explicit cancellation token argument of the call, or null.</summary>
    public ExpressionSyntax? CancellationToken =>
        Operation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 1 && a.ArgumentKind == ArgumentKind.Explicit)?.Value.Syntax as ExpressionSyntax;

    public InitializerExpressionSyntax Initializer => Creation.Syntax switch
    {
        BaseObjectCreationExpressionSyntax { Initializer: { } initializer } => initializer,
        _ => throw new InvalidOperationException("The creation has no initializer."),
    };

    public static async Task<FlaggedCall?> FindAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || CognitoTypes.From(model.Compilation) is not { } types)
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
            || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation
            || UpdateCall.RequestOf(operation, types) is not { Kind: UpdateCallKind.ResourceServer } call
            || RequestFlow.Creation(call.Request.Value, out var declarator) is not { Syntax: BaseObjectCreationExpressionSyntax { Initializer: not null } } creation
            || RequestFlow.InitializerValue(creation, "UserPoolId")?.Syntax is not ExpressionSyntax userPoolId
            || RequestFlow.InitializerValue(creation, "Identifier")?.Syntax is not ExpressionSyntax identifier)
        {
            return null;
        }

        return new FlaggedCall(model, types, invocation, operation, call, creation, declarator, userPoolId, identifier);
    }

    /// <summary>The client the call is made on, when repeating it has no side effect (a local, parameter, field or property).</summary>
    public ExpressionSyntax? Receiver =>
        Operation.Instance is ILocalReferenceOperation or IParameterReferenceOperation
            or IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation }
            or IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Arguments.IsEmpty: true }
            ? Operation.Instance.Syntax as ExpressionSyntax
            : null;

    /// <summary>The statement that creates the request: the local's declaration, or the statement making the call.</summary>
    public StatementSyntax? CreatingStatement =>
        (Declarator?.Syntax ?? Invocation).FirstAncestorOrSelf<StatementSyntax>() is { Parent: BlockSyntax } statement ? statement : null;

    /// <summary>True when the function the call is in is async.</summary>
    public bool InAsyncFunction => Model.GetEnclosingSymbol(Invocation.SpanStart) is IMethodSymbol { IsAsync: true };

    /// <summary>A local name not used anywhere in the member the call is in: <paramref name="name"/>, else with a number.</summary>
    public string UnusedName(string name)
    {
        var member = Invocation.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? (SyntaxNode)Invocation.SyntaxTree.GetRoot();
        var used = new HashSet<string>(member.DescendantTokens().Select(t => t.ValueText), StringComparer.Ordinal);
        var candidate = name;
        for (var i = 2; used.Contains(candidate) || !Model.LookupSymbols(Invocation.SpanStart, name: candidate).IsEmpty; i++)
        {
            candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }
}
