using Microsoft.CodeAnalysis;

namespace ResourceServers.Analyzers;

/// <summary>
/// The AWS SDK's Cognito types the rules look at, found by metadata name so the analyzer needs no reference to the SDK
/// (and works with any SDK version, or with stand-in types of the same names).
/// </summary>
internal sealed class CognitoTypes
{
    public const string ClientInterfaceName = "Amazon.CognitoIdentityProvider.IAmazonCognitoIdentityProvider";
    public const string ClientName = "Amazon.CognitoIdentityProvider.AmazonCognitoIdentityProviderClient";
    public const string UpdateResourceServerRequestName = "Amazon.CognitoIdentityProvider.Model.UpdateResourceServerRequest";
    public const string DescribeResourceServerRequestName = "Amazon.CognitoIdentityProvider.Model.DescribeResourceServerRequest";
    public const string UpdateUserPoolClientRequestName = "Amazon.CognitoIdentityProvider.Model.UpdateUserPoolClientRequest";

    private CognitoTypes(Compilation compilation, INamedTypeSymbol? clientInterface)
    {
        ClientInterface = clientInterface;
        Client = compilation.GetTypeByMetadataName(ClientName);
        UpdateResourceServerRequest = compilation.GetTypeByMetadataName(UpdateResourceServerRequestName);
        UpdateUserPoolClientRequest = compilation.GetTypeByMetadataName(UpdateUserPoolClientRequestName);
    }

    public INamedTypeSymbol? ClientInterface { get; }

    public INamedTypeSymbol? Client { get; }

    public INamedTypeSymbol? UpdateResourceServerRequest { get; }

    public INamedTypeSymbol? UpdateUserPoolClientRequest { get; }

    /// <summary>The types of a compilation, or null when it has no Cognito client to call (nothing to analyze).</summary>
    public static CognitoTypes? From(Compilation compilation)
    {
        var clientInterface = compilation.GetTypeByMetadataName(ClientInterfaceName);
        var types = new CognitoTypes(compilation, clientInterface);
        return types.ClientInterface is null && types.Client is null ? null : types;
    }

    /// <summary>True for the SDK's client interface, its client class, and any type implementing the interface (a decorator, a subclass).</summary>
    public bool IsCognitoClient(ITypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, ClientInterface)
            || SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, Client))
        {
            return true;
        }

        for (var baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(baseType.OriginalDefinition, Client))
            {
                return true;
            }
        }

        return ClientInterface is not null && type.AllInterfaces.Contains(ClientInterface, SymbolEqualityComparer.Default);
    }
}
