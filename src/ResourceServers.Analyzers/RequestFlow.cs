using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ResourceServers.Analyzers;

/// <summary>
/// Whether a request that reaches a call may have some of its members set: through the object initializer, a later
/// assignment, a <c>with</c> copy, or anything the analysis cannot follow. Conservative: "cannot tell" counts as set,
/// so a rule built on it warns only where no path sets the members. A local request is followed within its method;
/// it counts as set when it escapes before the call (passed to other code, stored, returned, captured, aliased).
/// </summary>
internal sealed class RequestFlow
{
    private const int MaxDepth = 4;

    private readonly CognitoTypes _types;
    private readonly Func<Reachability?> _reachability;

    public RequestFlow(CognitoTypes types, Func<Reachability?> reachability)
    {
        _types = types;
        _reachability = reachability;
    }

    /// <summary>True when <paramref name="value"/>, as it reaches <paramref name="sink"/>, may have any of <paramref name="members"/> set.</summary>
    public bool MaySet(IOperation value, ITypeSymbol requestType, ImmutableHashSet<string> members, IOperation sink) =>
        MaySet(value, requestType, members, sink, 0);

    /// <summary>The object creation a request comes from: inline, or the only value its local is ever given; else null.</summary>
    public static IObjectCreationOperation? Creation(IOperation value, out IVariableDeclaratorOperation? declarator)
    {
        declarator = null;
        value = Unwrap(value);
        if (value is IObjectCreationOperation creation)
        {
            return creation;
        }

        if (value is not ILocalReferenceOperation reference)
        {
            return null;
        }

        var root = ExecutableRoot(value);
        var declarators = root.Descendants().OfType<IVariableDeclaratorOperation>()
            .Where(d => SymbolEqualityComparer.Default.Equals(d.Symbol, reference.Local)).ToList();
        var assigned = root.Descendants().OfType<ILocalReferenceOperation>()
            .Any(r => SymbolEqualityComparer.Default.Equals(r.Local, reference.Local) && r.Parent is ISimpleAssignmentOperation a && a.Target == r);
        if (declarators.Count != 1 || assigned || declarators[0].GetVariableInitializer() is not { } initializer)
        {
            return null;
        }

        declarator = declarators[0];
        return Unwrap(initializer.Value) as IObjectCreationOperation;
    }

    /// <summary>The value assigned to a member in an object initializer, or null.</summary>
    public static IOperation? InitializerValue(IObjectCreationOperation creation, string member) =>
        creation.Initializer?.Initializers.OfType<ISimpleAssignmentOperation>()
            .FirstOrDefault(a => a.Target is IMemberReferenceOperation m && m.Member.Name == member)?.Value;

    /// <summary>The operation whose body a piece of code belongs to: a lambda, a local function, or the member's body.</summary>
    public static IOperation ExecutableRoot(IOperation operation)
    {
        var current = operation;
        while (current.Parent is { } parent && current is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
        {
            current = parent;
        }

        return current;
    }

    private static IOperation Unwrap(IOperation value)
    {
        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
        }

        return value;
    }

    private bool MaySet(IOperation value, ITypeSymbol requestType, ImmutableHashSet<string> members, IOperation sink, int depth)
    {
        value = Unwrap(value);
        switch (value)
        {
            case IObjectCreationOperation creation:
                // A constructor with arguments, or a subclass's, may set anything.
                return !creation.Arguments.IsEmpty
                    || !SymbolEqualityComparer.Default.Equals(creation.Type, requestType)
                    || InitializerSets(creation.Initializer, members);
            case IWithOperation with:
                return InitializerSets(with.Initializer, members) || depth >= MaxDepth || MaySet(with.Operand, requestType, members, with, depth + 1);
            case ILocalReferenceOperation reference when depth < MaxDepth:
                return LocalMaySet(reference.Local, requestType, members, sink, depth);
            default:
                return true;
        }
    }

    private static bool InitializerSets(IObjectOrCollectionInitializerOperation? initializer, ImmutableHashSet<string> members)
    {
        if (initializer is null)
        {
            return false;
        }

        foreach (var item in initializer.Initializers)
        {
            var member = item switch
            {
                ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } => target.Member,
                IMemberInitializerOperation { InitializedMember: IMemberReferenceOperation target } => target.Member,
                _ => null,
            };
            if (member is null || members.Contains(member.Name))
            {
                return true;
            }
        }

        return false;
    }

    private bool LocalMaySet(ILocalSymbol local, ITypeSymbol requestType, ImmutableHashSet<string> members, IOperation sink, int depth)
    {
        if (local.IsRef
            || local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax)
        {
            return true;
        }

        var root = ExecutableRoot(sink);
        var declarator = root.Descendants().OfType<IVariableDeclaratorOperation>()
            .FirstOrDefault(d => SymbolEqualityComparer.Default.Equals(d.Symbol, local));
        if (declarator is null)
        {
            return true; // declared outside the lambda or local function the call is in: captured
        }

        var reachability = _reachability();
        var definitions = 0;
        if (declarator.GetVariableInitializer() is { } initializer
            && Reachability.MayReach(reachability, declarator.Syntax, sink.Syntax))
        {
            definitions++;
            if (MaySet(initializer.Value, requestType, members, declarator, depth + 1))
            {
                return true;
            }
        }

        foreach (var reference in root.Descendants().OfType<ILocalReferenceOperation>())
        {
            if (!SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            // A use from a lambda or local function may run at any time; one in this body only counts if it may run before the call.
            var sameBody = ExecutableRoot(reference) == root;
            if (sameBody && (IsNeutral(reference, members) || !Reachability.MayReach(reachability, reference.Syntax, sink.Syntax)))
            {
                continue;
            }

            if (!sameBody
                || reference.Parent is not ISimpleAssignmentOperation assignment
                || assignment.Target != reference)
            {
                return true; // sets a member, escapes, or is used from a lambda or local function
            }

            definitions++;
            if (MaySet(assignment.Value, requestType, members, assignment, depth + 1))
            {
                return true;
            }
        }

        return definitions == 0;
    }

    /// <summary>A use that neither sets the members nor lets other code reach the request: another member, a Cognito call, a <c>with</c> copy.</summary>
    private bool IsNeutral(ILocalReferenceOperation reference, ImmutableHashSet<string> members)
    {
        switch (reference.Parent)
        {
            case IPropertyReferenceOperation property when property.Instance == reference:
                return !members.Contains(property.Property.Name);
            case IArgumentOperation { Parent: IInvocationOperation call } argument when argument.Value == reference:
                return argument.Parameter is { RefKind: RefKind.None } parameter
                    && SymbolEqualityComparer.Default.Equals(parameter.Type, reference.Type)
                    && _types.IsCognitoClient(call.TargetMethod.ContainingType);
            case IWithOperation with when with.Operand == reference:
                return true;
            default:
                return false;
        }
    }
}
