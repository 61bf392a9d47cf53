using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ResourceServers.Analyzers;

/// <summary>Which replacing operation a call is.</summary>
internal enum UpdateCallKind
{
    ResourceServer,
    UserPoolClient,
}

/// <summary>A call of a Cognito client's UpdateResourceServer(Async) or UpdateUserPoolClient(Async), and its request argument.</summary>
internal sealed class UpdateCall
{
    private UpdateCall(UpdateCallKind kind, IArgumentOperation request)
    {
        Kind = kind;
        Request = request;
    }

    public UpdateCallKind Kind { get; }

    public IArgumentOperation Request { get; }

    public static UpdateCall? RequestOf(IInvocationOperation invocation, CognitoTypes types)
    {
        var method = invocation.TargetMethod;
        var (kind, requestType) = method.Name switch
        {
            "UpdateResourceServer" or "UpdateResourceServerAsync" => (UpdateCallKind.ResourceServer, types.UpdateResourceServerRequest),
            "UpdateUserPoolClient" or "UpdateUserPoolClientAsync" => (UpdateCallKind.UserPoolClient, types.UpdateUserPoolClientRequest),
            _ => (default(UpdateCallKind), null),
        };
        if (requestType is null || !types.IsCognitoClient(method.ContainingType))
        {
            return null;
        }

        var request = invocation.Arguments.FirstOrDefault(a =>
            a.Parameter is { Ordinal: 0, RefKind: RefKind.None } parameter && SymbolEqualityComparer.Default.Equals(parameter.Type, requestType));
        return request is null ? null : new UpdateCall(kind, request);
    }
}
