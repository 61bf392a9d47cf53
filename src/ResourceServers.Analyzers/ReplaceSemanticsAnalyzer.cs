using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ResourceServers.Analyzers;

/// <summary>
/// Finds calls to the AWS SDK's Cognito operations that replace a whole object with requests that leave out what
/// they would reset: UpdateResourceServer without Scopes (RSRV001) or Name (RSRV002), UpdateUserPoolClient without
/// any of the client's settings (RSRV003).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReplaceSemanticsAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableHashSet<string> Scopes = ImmutableHashSet.Create("Scopes");
    private static readonly ImmutableHashSet<string> Name = ImmutableHashSet.Create("Name");

    // What identifies an app client rather than configuring it; every other settable member is a setting it resets.
    private static readonly ImmutableHashSet<string> ClientIdentity = ImmutableHashSet.Create("UserPoolId", "ClientId", "ClientName");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Rules.UpdateResourceServerWithoutScopes, Rules.UpdateResourceServerWithoutName, Rules.UpdateUserPoolClientWithoutSettings);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (CognitoTypes.From(start.Compilation) is not { } types)
            {
                return;
            }

            var clientSettings = types.UpdateUserPoolClientRequest is { } clientRequest ? Settings(clientRequest) : ImmutableHashSet<string>.Empty;
            start.RegisterOperationAction(operation => Analyze(operation, types, clientSettings), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, CognitoTypes types, ImmutableHashSet<string> clientSettings)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (UpdateCall.RequestOf(invocation, types) is not { } call)
        {
            return;
        }

        Reachability? reachability = null;
        var built = false;
        var flow = new RequestFlow(types, () =>
        {
            if (!built)
            {
                built = true;
                reachability = Reachability.Create(context.GetControlFlowGraph());
            }

            return reachability;
        });

        var request = call.Request.Value;
        var requestType = call.Request.Parameter!.Type;
        if (call.Kind == UpdateCallKind.ResourceServer)
        {
            var subject = Subject(request, "Identifier", "the resource server");
            if (!flow.MaySet(request, requestType, Scopes, invocation))
            {
                context.ReportDiagnostic(Diagnostic.Create(Rules.UpdateResourceServerWithoutScopes, request.Syntax.GetLocation(), subject));
            }

            if (!flow.MaySet(request, requestType, Name, invocation))
            {
                context.ReportDiagnostic(Diagnostic.Create(Rules.UpdateResourceServerWithoutName, request.Syntax.GetLocation(), subject));
            }
        }
        else if (!clientSettings.IsEmpty && !flow.MaySet(request, requestType, clientSettings, invocation))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Rules.UpdateUserPoolClientWithoutSettings, request.Syntax.GetLocation(), Subject(request, "ClientId", "the app client")));
        }
    }

    /// <summary>The request's identifier in quotes when it is a constant, else a general phrase.</summary>
    private static string Subject(IOperation request, string member, string otherwise) =>
        RequestFlow.Creation(request, out _) is { } creation
        && RequestFlow.InitializerValue(creation, member)?.ConstantValue is { HasValue: true, Value: string value }
            ? "'" + value + "'"
            : otherwise;

    private static ImmutableHashSet<string> Settings(INamedTypeSymbol request)
    {
        // The SDK declares every member of the operation on the request class; its base classes carry no settings.
        return request.GetMembers().OfType<IPropertySymbol>()
            .Where(p => !p.IsStatic && p.SetMethod is { DeclaredAccessibility: Accessibility.Public } && !ClientIdentity.Contains(p.Name))
            .Select(p => p.Name)
            .ToImmutableHashSet();
    }
}
