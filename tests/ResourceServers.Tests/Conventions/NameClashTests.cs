using ResourceServers.Tests.TestSupport;

namespace ResourceServers.Tests.Conventions;

/// <summary>
/// Applications that use this library will often use AWSSDK.CognitoIdentityProvider too, whose types are named after
/// the service model's shapes. A file importing both namespaces must be able to write <c>catch (X)</c> for any of ours,
/// so no public type that ordinary use meets may share its simple name with a shape. The wire port keeps the model's
/// names, inside <c>ResourceServers.Wire</c>, which ordinary use never imports.
/// </summary>
public class NameClashTests
{
    private const string WireNamespace = "ResourceServers.Wire";

    [Fact]
    public void No_public_type_outside_the_wire_namespace_shares_a_name_with_a_service_model_shape()
    {
        var shapes = CognitoServiceModel.Instance.ShapeNames.ToHashSet(StringComparer.Ordinal);
        Assert.Contains("ResourceNotFoundException", shapes); // the model was read, errors included

        var clashes = OrdinaryPublicTypes()
            .Where(t => shapes.Contains(t.Name))
            .Select(t => t.FullName)
            .ToList();

        Assert.True(clashes.Count == 0, "Public types named like service model shapes: " + string.Join(", ", clashes));
    }

    [Fact]
    public void The_wire_namespace_keeps_the_models_names()
    {
        var shapes = CognitoServiceModel.Instance.ShapeNames.ToHashSet(StringComparer.Ordinal);

        Assert.Contains(typeof(Wire.ResourceServerType).Name, shapes);
        Assert.Contains(typeof(Wire.UpdateResourceServerRequest).Name, shapes);
    }

    [Fact]
    public void Ordinary_use_needs_one_namespace_besides_dependency_injection()
    {
        var namespaces = OrdinaryPublicTypes().Select(t => t.Namespace).Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["Microsoft.Extensions.DependencyInjection", "ResourceServers", "ResourceServers.Testing"], namespaces);
    }

    private static IEnumerable<Type> OrdinaryPublicTypes() =>
        typeof(ResourceServer).Assembly.GetExportedTypes()
            .Concat(typeof(ResourceServers.Testing.InMemoryCognito).Assembly.GetExportedTypes())
            .Where(t => t.Namespace != WireNamespace);
}
