extern alias JsonSchemaNet;

using System.Text.Json;
using System.Text.Json.Nodes;
using JsonSchemaNet::Json.Schema;
using ResourceServers.Tests.TestSupport;
using ResourceServers.Tool.Manifests;

namespace ResourceServers.IntegrationTests.Tool;

/// <summary>
/// The published JSON Schema says what the tool accepts: its limits are the service model's (read from the copy in
/// tests/TestData), and the example manifest of docs/tool.md passes both the schema and the tool's reader.
/// </summary>
public sealed class ManifestSchemaTests
{
    private static readonly string SchemaPath = Path.Combine(TestData.RepositoryRoot, "src", "ResourceServers.Tool", "resource-servers.schema.json");

    [Theory]
    [InlineData("userPool", "userPoolId", "UserPoolIdType")]
    [InlineData("resourceServer", "identifier", "ResourceServerIdentifierType")]
    [InlineData("resourceServer", "name", "ResourceServerNameType")]
    [InlineData("scope", "name", "ResourceServerScopeNameType")]
    [InlineData("scope", "description", "ResourceServerScopeDescriptionType")]
    public void String_limits_are_the_service_models(string definition, string property, string modelShape)
    {
        var schemaProperty = JsonNode.Parse(File.ReadAllText(SchemaPath))!["$defs"]![definition]!["properties"]![property]!;
        var shape = ModelShape(modelShape);

        Assert.Equal(shape.GetProperty("min").GetInt32(), (int)schemaProperty["minLength"]!);
        Assert.Equal(shape.GetProperty("max").GetInt32(), (int)schemaProperty["maxLength"]!);
    }

    [Fact]
    public void The_scope_list_limit_is_the_service_models()
    {
        var scopes = JsonNode.Parse(File.ReadAllText(SchemaPath))!["$defs"]!["resourceServer"]!["properties"]!["scopes"]!;

        Assert.Equal(ModelShape("ResourceServerScopeListType").GetProperty("max").GetInt32(), (int)scopes["maxItems"]!);
    }

    [Fact]
    public void The_tool_pages_example_manifest_passes_the_schema_and_the_tools_reader()
    {
        var example = ReadmeManifest();

        var result = LoadSchema().Evaluate(JsonDocument.Parse(example).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var manifest = ManifestReader.Parse(System.Text.Encoding.UTF8.GetBytes(example), "README.md", ManifestVariables.From(["ORDERS_POOL_ID=us-east-1_ORDERSPOOLID"], _ => null));

        Assert.True(result.IsValid, string.Join("; ", result.Details?.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Values) ?? []));
        Assert.NotEmpty(manifest.UserPools);
        Assert.NotEmpty(manifest.UserPools[0].ResourceServers);
    }

    [Fact]
    public void The_tool_pages_example_manifest_is_the_sample_file_its_commands_use()
    {
        var sample = File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "samples", "resource-servers.json"));

        Assert.Equal(sample.ReplaceLineEndings("\n"), ReadmeManifest().ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("""{ "userPools": [ { "userPoolId": "us-east-1_abc", "resourceServers": [ { "identifier": "https://a", "name": "A", "scope": [] } ] } ] }""", "scope")]
    [InlineData("""{ "userPools": [ { "userPoolId": "us-east-1_abc", "resourceServers": [ { "identifier": "has space", "name": "A" } ] } ] }""", "identifier")]
    [InlineData("""{ "userPools": [ { "userPoolId": "us-east-1_abc", "resourceServers": [ { "identifier": "https://a", "name": "A/B" } ] } ] }""", "name")]
    [InlineData("""{ "userPools": [ { "userPoolId": "no-underscore", "resourceServers": [] } ] }""", "userPoolId")]
    [InlineData("""{ "userPools": [ { "userPoolId": "us-east-1_abc", "resourceServers": [ { "identifier": "https://a", "name": "A", "scopes": [ { "name": "a/b", "description": "d" } ] } ] } ] }""", "scopes[0].name")]
    public void A_manifest_the_schema_refuses_the_tool_refuses_too_naming_the_member(string json, string member)
    {
        var result = LoadSchema().Evaluate(JsonDocument.Parse(json).RootElement);

        var error = Assert.Throws<ManifestException>(() => ManifestReader.Parse(System.Text.Encoding.UTF8.GetBytes(json), "m.json"));

        Assert.False(result.IsValid);
        Assert.EndsWith(member, error.Member, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
    }

    // Read once: the library registers a schema under its $id, and refuses a second registration.
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(SchemaPath)));

    private static JsonSchema LoadSchema() => Schema.Value;

    private static JsonElement ModelShape(string name)
    {
        using var model = JsonDocument.Parse(TestData.ReadCognito("resource-servers.model.json"));
        var shapes = model.RootElement.GetProperty("shapes");
        return shapes.EnumerateObject().Single(p => p.Name == name || p.Name.EndsWith("#" + name, StringComparison.Ordinal)).Value.Clone();
    }

    /// <summary>The first ```json block of the tool's page, docs/tool.md.</summary>
    private static string ReadmeManifest()
    {
        var readme = File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "docs", "tool.md"));
        var section = readme.IndexOf("\n## Deployment pipelines", StringComparison.Ordinal);
        Assert.True(section >= 0, "docs/tool.md has no '## Deployment pipelines' section.");
        var start = readme.IndexOf("```json\n", section, StringComparison.Ordinal) + "```json\n".Length;
        var end = readme.IndexOf("```", start, StringComparison.Ordinal);
        return readme[start..end];
    }
}
