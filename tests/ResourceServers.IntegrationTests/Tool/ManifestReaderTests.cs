using System.Text;
using ResourceServers.Tool.Manifests;

namespace ResourceServers.IntegrationTests.Tool;

/// <summary>What the manifest reader accepts, and where its errors point: a line, a column and a member path.</summary>
public sealed class ManifestReaderTests
{
    [Fact]
    public void A_valid_manifest_reads_into_complete_desired_states()
    {
        var manifest = Parse("""
            {
              "$schema": "./resource-servers.schema.json",
              // pools of the orders team
              "userPools": [
                { "userPoolId": "eu-west-1_Orders1", "resourceServers": [
                    { "identifier": "https://orders.example.com", "name": "Orders",
                      "scopes": [ { "name": "orders.read", "description": "Read orders" }, ], },
                    { "identifier": "https://billing.example.com", "name": "Billing" } ] } ]
            }
            """);

        var pool = Assert.Single(manifest.UserPools);
        Assert.Equal("eu-west-1_Orders1", pool.UserPoolId);
        Assert.Equal(
            [new ResourceServer("eu-west-1_Orders1", "https://orders.example.com", "Orders", [new("orders.read", "Read orders")]), new ResourceServer("eu-west-1_Orders1", "https://billing.example.com", "Billing")],
            pool.ResourceServers);
    }

    [Fact]
    public void Duplicate_scope_names_point_at_the_second_scope_with_the_manifests_member_names()
    {
        var error = Error("""
            { "userPools": [ { "userPoolId": "eu-west-1_Orders1", "resourceServers": [
              { "identifier": "https://orders.example.com", "name": "Orders", "scopes": [
                { "name": "orders.read", "description": "Read" },
                { "name": "orders.read", "description": "Read again" } ] } ] } ] }
            """);

        Assert.Equal(4, error.Line);
        Assert.Equal("userPools[0].resourceServers[0].scopes[1].name", error.Member);
        Assert.Contains("scope names must be unique", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_100_scopes_are_refused_naming_the_list()
    {
        var scopes = string.Join(",\n", Enumerable.Range(0, 101).Select(i => $$"""{ "name": "s{{i}}", "description": "d" }"""));
        var error = Error($$"""{ "userPools": [ { "userPoolId": "eu-west-1_Orders1", "resourceServers": [ { "identifier": "https://a", "name": "A", "scopes": [{{scopes}}] } ] } ] }""");

        Assert.Equal("userPools[0].resourceServers[0].scopes", error.Member);
        Assert.Contains("at most 100 scopes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_member_is_named_with_the_ones_allowed()
    {
        var error = Error("""
            { "userPools": [ { "userPoolId": "eu-west-1_Orders1",
                               "resourceServer": [] } ] }
            """);

        Assert.Equal(2, error.Line);
        Assert.Equal("userPools[0].resourceServer", error.Member);
        Assert.Contains("expected \"userPoolId\", \"resourceServers\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_syntax_error_names_its_line()
    {
        var error = Error("""
            { "userPools": [
              { "userPoolId": "eu-west-1_Orders1" "resourceServers": [] } ] }
            """);

        Assert.Equal(2, error.Line);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_pool_or_identifier_twice_is_refused_naming_the_first()
    {
        var pools = Error("""{ "userPools": [ { "userPoolId": "eu-west-1_A1", "resourceServers": [] }, { "userPoolId": "eu-west-1_A1", "resourceServers": [] } ] }""");
        var servers = Error("""{ "userPools": [ { "userPoolId": "eu-west-1_A1", "resourceServers": [ { "identifier": "https://a", "name": "A" }, { "identifier": "https://a", "name": "B" } ] } ] }""");

        Assert.Contains("already declared at userPools[0]", pools.Message, StringComparison.Ordinal);
        Assert.Contains("already declared at userPools[0].resourceServers[0]", servers.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_member_and_a_wrong_type_are_named()
    {
        var missing = Error("""{ "userPools": [ { "userPoolId": "eu-west-1_A1", "resourceServers": [ { "identifier": "https://a" } ] } ] }""");
        var wrongType = Error("""{ "userPools": [ { "userPoolId": "eu-west-1_A1", "resourceServers": [ { "identifier": "https://a", "name": 7 } ] } ] }""");

        Assert.Equal("userPools[0].resourceServers[0].name", missing.Member);
        Assert.Contains("is required", missing.Message, StringComparison.Ordinal);
        Assert.Equal("userPools[0].resourceServers[0].name", wrongType.Member);
        Assert.Contains("must be a string; found a number", wrongType.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_manifest_writer_writes_what_the_reader_reads_back()
    {
        ManifestPool[] pools = [new("eu-west-1_A1", [new ResourceServer("eu-west-1_A1", "https://a.example.com/api", "A", [new("a.read", "Reads \"a\" <all>\u0007")])])];

        var read = ManifestReader.Parse(Encoding.UTF8.GetBytes(ManifestWriter.Write(pools)), "exported.json");

        Assert.Equal(pools[0].ResourceServers, read.UserPools.Single().ResourceServers);
    }

    [Fact]
    public void Invalid_JSON_is_reported_with_one_position()
    {
        var error = Error("{\n  \"userPools\": [ x ]\n}");

        Assert.Equal("m.json:2:18: $: not valid JSON: 'x' is an invalid start of a value", error.Message);
    }

    [Fact]
    public void A_thousand_pools_as_export_writes_them_fit_well_within_the_size_limit()
    {
        // 25 resource servers a pool (Cognito's default quota), 4 scopes each, strings of realistic length.
        var pools = Enumerable.Range(0, 1000).Select(p =>
        {
            var id = $"eu-west-1_Pool{p:D5}x";
            return new ManifestPool(id, [.. Enumerable.Range(0, 25).Select(s => new ResourceServer(
                id,
                $"https://service-{s:D2}.team-{p:D4}.example.com/api",
                $"Service {s} of team {p}",
                [.. Enumerable.Range(0, 4).Select(c => new ResourceServerScope($"service{s}.action{c}", $"Allows action {c} on the resources of service {s}"))]))]);
        }).ToList();

        var bytes = Encoding.UTF8.GetBytes(ManifestWriter.Write(pools));

        Assert.InRange(bytes.Length, 15_000_000, ManifestFile.MaxBytes / 3); // 19.2 MB: the limit holds three times as many
        Assert.Equal(1000, ManifestReader.Parse(bytes, "big.json").UserPools.Count);
    }

    [Fact]
    public void Separator_and_bidirectional_characters_are_escaped_in_an_exported_manifest_and_read_back_unchanged()
    {
        var description = "Read\u2028orders\u2029 \u202Eevil\u202C \u2066x\u2069 \u200E\u200F\u061C \u0007";
        ManifestPool[] pools = [new("eu-west-1_A1", [new ResourceServer("eu-west-1_A1", "https://a.example.com/api", "A", [new("a.read", description)])])];

        var text = ManifestWriter.Write(pools);

        Assert.Contains("Read\\u2028orders\\u2029 \\u202Eevil\\u202C \\u2066x\\u2069 \\u200E\\u200F\\u061C \\u0007", text, StringComparison.Ordinal);
        Assert.DoesNotContain(text, c => c is '\u2028' or '\u2029' or '\u202E' or '\u202C' or '\u2066' or '\u2069' or '\u200E' or '\u200F' or '\u061C');
        Assert.Equal(description, ManifestReader.Parse(Encoding.UTF8.GetBytes(text), "exported.json").UserPools.Single().ResourceServers.Single().Scopes.Single().Description);
    }

    [Fact]
    public void A_variable_the_command_line_did_not_pass_is_refused_even_when_the_environment_has_it()
    {
        var variables = ManifestVariables.From(["ORDERS_POOL_ID"], name => name == "HOME" ? "/root" : "eu-west-1_Orders1");

        var error = Assert.Throws<ManifestException>(() => ManifestReader.Parse(Encoding.UTF8.GetBytes("""{ "userPools": [ { "userPoolId": "${HOME}", "resourceServers": [] } ] }"""), "m.json", variables));
        var read = ManifestReader.Parse(Encoding.UTF8.GetBytes("""{ "userPools": [ { "userPoolId": "${ORDERS_POOL_ID}", "resourceServers": [] } ] }"""), "m.json", variables);

        Assert.Equal("userPools[0].userPoolId", error.Member);
        Assert.Contains("${HOME} names a variable the command line did not pass; pass --var HOME", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/root", error.Message, StringComparison.Ordinal);
        Assert.Equal("eu-west-1_Orders1", read.UserPools.Single().UserPoolId);
    }

    [Fact]
    public void A_variable_value_that_breaks_a_rule_is_named_by_member_rule_and_variable_never_shown()
    {
        const string Secret = "ghp/SECRET0123456789";
        var variables = ManifestVariables.From(["TOKEN", "GIVEN=not a pool"], _ => Secret);

        var fromEnvironment = Assert.Throws<ManifestException>(() => ManifestReader.Parse(Encoding.UTF8.GetBytes("""{ "userPools": [ { "userPoolId": "${TOKEN}", "resourceServers": [] } ] }"""), "m.json", variables));
        var given = Assert.Throws<ManifestException>(() => ManifestReader.Parse(Encoding.UTF8.GetBytes("""{ "userPools": [ { "userPoolId": "${GIVEN}", "resourceServers": [] } ] }"""), "m.json", variables));

        Assert.Equal("m.json:1:34: userPools[0].userPoolId: the value of ${TOKEN} breaks the rule: must match [\\w-]+_[0-9a-zA-Z]+ (ASCII \\w) (the value is not shown)", fromEnvironment.Message);
        Assert.DoesNotContain("ghp", fromEnvironment.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not a pool", given.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("' '", given.Message, StringComparison.Ordinal);
    }

    private static Manifest Parse(string json) => ManifestReader.Parse(Encoding.UTF8.GetBytes(json), "m.json");

    private static ManifestException Error(string json) => Assert.Throws<ManifestException>(() => Parse(json));
}
