using System.Reflection;
using System.Text.Json;
using ResourceServers.Testing;
using ResourceServers.Tests.TestSupport;
using ResourceServers.Wire;

namespace ResourceServers.Tests.Grants;

/// <summary>The app-client wire shapes and the test kit's limits, checked against the service model (tests/TestData/cognito/app-clients.model.json).</summary>
public class AppClientModelTests
{
    private static readonly Lazy<JsonElement> Shapes = new(() =>
        JsonDocument.Parse(File.ReadAllText(TestData.CognitoPath("app-clients.model.json"))).RootElement.GetProperty("shapes").Clone());

    public static TheoryData<Type, string> WireShapes => new()
    {
        { typeof(ListUserPoolClientsRequest), "ListUserPoolClientsRequest" },
        { typeof(ListUserPoolClientsResponse), "ListUserPoolClientsResponse" },
        { typeof(UserPoolClientDescription), "UserPoolClientDescription" },
        { typeof(DescribeUserPoolClientRequest), "DescribeUserPoolClientRequest" },
        { typeof(DescribeUserPoolClientResponse), "DescribeUserPoolClientResponse" },
        { typeof(UserPoolClientType), "UserPoolClientType" },
    };

    [Theory]
    [MemberData(nameof(WireShapes))]
    public void Every_member_of_a_wire_shape_is_a_member_of_the_model_shape_and_required_ones_are_required(Type type, string shape)
    {
        var model = Shapes.Value.GetProperty(shape);
        var members = model.GetProperty("members").EnumerateObject().Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var required = model.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal) : [];
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.Name != nameof(CognitoResponse.RequestId)).ToList();

        Assert.NotEmpty(properties);
        foreach (var property in properties)
        {
            Assert.Contains(property.Name, members);
        }

        foreach (var name in required)
        {
            Assert.NotNull(type.GetProperty(name)?.GetCustomAttribute<System.Runtime.CompilerServices.RequiredMemberAttribute>());
        }
    }

    [Fact]
    public void The_model_sends_a_client_secret_and_the_wire_shape_has_no_member_to_hold_it()
    {
        Assert.True(Shapes.Value.GetProperty("UserPoolClientType").GetProperty("members").TryGetProperty("ClientSecret", out _));
        Assert.DoesNotContain(typeof(UserPoolClientType).GetProperties(), p => p.Name.Contains("Secret", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_test_kit_pages_and_scope_lists_have_the_model_limits()
    {
        Assert.Equal(AppClientStore.MaxPageSize, Shapes.Value.GetProperty("QueryLimit").GetProperty("max").GetInt32());
        Assert.Equal(AppClientStore.MaxAllowedScopes, Shapes.Value.GetProperty("ScopeListType").GetProperty("max").GetInt32());
    }
}
