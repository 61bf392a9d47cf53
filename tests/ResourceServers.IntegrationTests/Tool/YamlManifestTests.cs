using System.Text;
using ResourceServers.Tool.Manifests;

namespace ResourceServers.IntegrationTests.Tool;

/// <summary>
/// YAML manifests: the same schema and the same <c>file:line:column: member: rule</c> errors as JSON, chosen by the
/// file's extension; YAML's implicit types are errors where the manifest wants text, never silently converted.
/// </summary>
public sealed class YamlManifestTests
{
    private const string Valid = """
        # the orders team's pools
        $schema: ./resource-servers.schema.json
        userPools:
          - userPoolId: eu-west-1_Orders1
            resourceServers:
              - identifier: https://orders.example.com
                name: Orders
                scopes:
                  - name: orders.read
                    description: Read orders
                  - { name: orders.write, description: "Create: and change orders" }
              - identifier: https://billing.example.com
                name: Billing
                scopes:
                  - name: invoices.read
                    description: >-
                      Read
                      invoices
        """;

    [Theory]
    [InlineData("m.yaml")]
    [InlineData("m.yml")]
    [InlineData("M.YAML")]
    public void A_yaml_manifest_reads_into_the_same_desired_states_as_its_json(string file)
    {
        const string Json = """
            { "userPools": [ { "userPoolId": "eu-west-1_Orders1", "resourceServers": [
                { "identifier": "https://orders.example.com", "name": "Orders", "scopes": [
                  { "name": "orders.read", "description": "Read orders" }, { "name": "orders.write", "description": "Create: and change orders" } ] },
                { "identifier": "https://billing.example.com", "name": "Billing", "scopes": [ { "name": "invoices.read", "description": "Read invoices" } ] } ] } ] }
            """;

        var yaml = Parse(Valid, file);

        Assert.Equal(Parse(Json, "m.json").UserPools.Single().ResourceServers, yaml.UserPools.Single().ResourceServers);
        Assert.Equal("eu-west-1_Orders1", yaml.UserPools.Single().UserPoolId);
    }

    [Fact]
    public void A_rule_broken_in_yaml_names_the_file_line_column_and_member_as_for_json()
    {
        var error = Error(Valid.Replace("name: orders.read", "name: orders/read", StringComparison.Ordinal));

        Assert.Equal(9, error.Line);
        Assert.Equal(19, error.Column);
        Assert.Equal("userPools[0].resourceServers[0].scopes[0].name", error.Member);
        Assert.StartsWith("m.yaml:9:19: userPools[0].resourceServers[0].scopes[0].name: must be printable ASCII without space", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("description: 1.0", "a number (YAML reads the unquoted 1.0 as one; write \"1.0\" in quotes for the text)")]
    [InlineData("description: no", "a boolean (YAML reads the unquoted no as one; write \"no\" in quotes for the text)")]
    [InlineData("description: On", "a boolean (YAML reads the unquoted On as one")]
    [InlineData("description: 0x1F", "a number")]
    [InlineData("description: 1_000", "a number")]
    [InlineData("description: 2026-12-06", "a timestamp")]
    [InlineData("description: ~", "null (YAML reads the unquoted ~ as null")]
    [InlineData("description:", "null (YAML reads an empty value as null)")]
    public void A_plain_scalar_YAML_reads_as_another_type_is_an_error_where_the_manifest_wants_text(string line, string found)
    {
        var error = Error(Valid.Replace("description: Read orders", line, StringComparison.Ordinal));

        Assert.Equal(10, error.Line);
        Assert.Equal("userPools[0].resourceServers[0].scopes[0].description", error.Member);
        Assert.Contains("description: must be a string; found " + found, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("description: \"1.0\"", "1.0")]
    [InlineData("description: 'no'", "no")]
    [InlineData("description: !!str on", "on")]
    [InlineData("description: |-\n                      1.10", "1.10")]
    [InlineData("description: version 1.0", "version 1.0")]
    [InlineData("description: 1.0.3", "1.0.3")]
    public void Quoted_tagged_block_and_other_plain_scalars_are_the_text_as_written(string line, string description)
    {
        var manifest = Parse(Valid.Replace("description: Read orders", line, StringComparison.Ordinal), "m.yaml");

        Assert.Equal(description, manifest.UserPools.Single().ResourceServers[0].Scopes[0].Description);
    }

    [Fact]
    public void A_duplicate_key_is_named_where_the_second_one_is()
    {
        var error = Error(Valid.Replace("    name: Orders\n", "    name: Orders\n        name: Orders again\n", StringComparison.Ordinal));

        Assert.Equal(8, error.Line);
        Assert.Equal(9, error.Column);
        Assert.Equal("userPools[0].resourceServers[0].name", error.Member);
        Assert.Contains("appears twice", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("userPools: [\n  - a", 2, "not valid YAML")]
    [InlineData("userPools: &pools []\nmore: *pools", 1, "an anchor (&pools); a manifest writes each value out, without anchors or aliases is not allowed")]
    [InlineData("userPools: !!set {}", 1, "the tag tag:yaml.org,2002:set; a manifest uses no YAML tags other than !!str is not allowed")]
    [InlineData("userPools: []\n---\nuserPools: []", 2, "a second YAML document; a manifest is one document")]
    [InlineData("", 1, "the file is empty")]
    public void Yaml_a_manifest_may_not_use_is_refused_with_its_position(string yaml, int line, string problem)
    {
        var error = Error(yaml);

        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_deeper_than_the_bound_is_refused_not_followed()
    {
        var error = Error("userPools: " + new string('[', 200) + new string(']', 200));

        Assert.Contains($"nested more than {YamlTree.MaxDepth} levels deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_file_is_still_read_as_json_whatever_it_holds()
    {
        var error = Assert.Throws<ManifestException>(() => Parse("userPools: []", "m.json"));

        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    private static Manifest Parse(string text, string file) => ManifestReader.Parse(Encoding.UTF8.GetBytes(text), file);

    private static ManifestException Error(string yaml) => Assert.Throws<ManifestException>(() => Parse(yaml, "m.yaml"));
}
