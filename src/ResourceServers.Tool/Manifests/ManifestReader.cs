using System.Text.RegularExpressions;

namespace ResourceServers.Tool.Manifests;

/// <summary>
/// Reads a manifest, JSON or YAML (see <c>resource-servers.schema.json</c>), and checks it with the library's own validation
/// (<see cref="ResourceServerValidator"/>), so a manifest the tool accepts is one the service accepts. Every error
/// names the line and the member.
/// </summary>
/// <remarks>
/// A user pool id may be written as <c>${NAME}</c> (the whole value) to take it from a variable the command line
/// passes (<see cref="ManifestVariables"/>), so one manifest serves several stages. A value that came from a variable
/// and breaks a rule is never shown: the error names the member, the rule and the variable.
/// </remarks>
internal sealed partial class ManifestReader
{
    private static readonly string[] RootMembers = ["$schema", "userPools"];
    private static readonly string[] PoolMembers = ["userPoolId", "resourceServers"];
    private static readonly string[] ServerMembers = ["identifier", "name", "scopes"];
    private static readonly string[] ScopeMembers = ["name", "description"];

    private readonly string _file;
    private readonly ManifestVariables _variables;

    private ManifestReader(string file, ManifestVariables variables)
    {
        _file = file;
        _variables = variables;
    }

    /// <summary>Reads and checks the manifest at <paramref name="path"/> (see <see cref="ManifestFile"/> for what a file may be).</summary>
    /// <exception cref="ManifestException">The file is missing, too large, not a regular file, not JSON, or breaks a rule.</exception>
    public static Manifest Read(string path, ManifestVariables? variables = null) =>
        Parse(ManifestFile.ReadBytes(path), path, variables);

    /// <summary>Reads and checks a manifest's bytes; <paramref name="file"/> is the name errors give.</summary>
    /// <remarks>A file whose name ends in .yaml or .yml is read as YAML (<see cref="YamlTree"/>), any other as JSON; both the same way from then on.</remarks>
    public static Manifest Parse(byte[] utf8, string file, ManifestVariables? variables = null) =>
        new ManifestReader(file, variables ?? ManifestVariables.None).ReadRoot(YamlTree.IsYamlFile(file) ? YamlTree.Parse(utf8, file) : JsonTree.Parse(utf8, file));

    private Manifest ReadRoot(JsonTree tree)
    {
        var root = Expect<JsonObject>(tree, "$", "an object with \"userPools\"");
        CheckMembers(root, "$", RootMembers);
        var poolsMember = Required(root, "$", "userPools");
        var pools = Expect<JsonArray>(poolsMember.Value, "userPools", "an array of user pools");

        var result = new List<ManifestPool>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < pools.Items.Count; i++)
        {
            var path = $"userPools[{i}]";
            var pool = ReadPool(pools.Items[i], path);
            if (!seen.TryAdd(pool.UserPoolId, path))
            {
                throw Error(pools.Items[i], path + ".userPoolId", $"user pool '{pool.UserPoolId}' is already declared at {seen[pool.UserPoolId]}; declare each pool once");
            }

            result.Add(pool);
        }

        return new Manifest(result);
    }

    private ManifestPool ReadPool(JsonTree tree, string path)
    {
        var pool = Expect<JsonObject>(tree, path, "an object with \"userPoolId\" and \"resourceServers\"");
        CheckMembers(pool, path, PoolMembers);
        var idMember = Required(pool, path, "userPoolId");
        var idPath = path + ".userPoolId";
        var written = Expect<JsonString>(idMember.Value, idPath, "a string").Value;
        var (userPoolId, variable) = Substitute(written, idMember.Value, idPath);
        Check(idMember.Value, () => ResourceServerValidator.ValidateUserPoolId(userPoolId, idPath), variable);

        var serversPath = path + ".resourceServers";
        var servers = Expect<JsonArray>(Required(pool, path, "resourceServers").Value, serversPath, "an array of resource servers");
        var result = new List<ResourceServer>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < servers.Items.Count; i++)
        {
            var serverPath = $"{serversPath}[{i}]";
            var server = ReadServer(servers.Items[i], serverPath, userPoolId);
            if (!seen.TryAdd(server.Identifier, serverPath))
            {
                throw Error(servers.Items[i], serverPath + ".identifier", $"identifier '{server.Identifier}' is already declared at {seen[server.Identifier]}");
            }

            result.Add(server);
        }

        return new ManifestPool(userPoolId, result);
    }

    private ResourceServer ReadServer(JsonTree tree, string path, string userPoolId)
    {
        var server = Expect<JsonObject>(tree, path, "an object with \"identifier\", \"name\" and \"scopes\"");
        CheckMembers(server, path, ServerMembers);

        var identifier = RequiredString(server, path, "identifier", ResourceServerValidator.ValidateIdentifier);
        var name = RequiredString(server, path, "name", ResourceServerValidator.ValidateName);

        var scopes = new List<ResourceServerScope>();
        var scopeTrees = new List<JsonTree>();
        var scopesPath = path + ".scopes";
        if (Find(server, "scopes") is { } scopesMember)
        {
            foreach (var (item, i) in Expect<JsonArray>(scopesMember.Value, scopesPath, "an array of scopes").Items.Select((item, i) => (item, i)))
            {
                var scopePath = $"{scopesPath}[{i}]";
                var scope = Expect<JsonObject>(item, scopePath, "an object with \"name\" and \"description\"");
                CheckMembers(scope, scopePath, ScopeMembers);
                scopes.Add(new ResourceServerScope(
                    RequiredString(scope, scopePath, "name", ResourceServerValidator.ValidateScopeName),
                    RequiredString(scope, scopePath, "description", ResourceServerValidator.ValidateScopeDescription)));
                scopeTrees.Add(item);
            }

            // The list rules (at most 100, names unique) are the library's; its member paths are the wire's
            // (Scopes[3].ScopeName), translated to the manifest's (scopes[3].name) and the line of that scope.
            try
            {
                ResourceServerValidator.ValidateScopes(scopes, "Scopes");
            }
            catch (ResourceServerValidationException ex)
            {
                var index = ScopeIndex().Match(ex.Member) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
                var at = index >= 0 && index < scopeTrees.Count ? scopeTrees[index] : scopesMember.Value;
                var member = scopesPath + ex.Member["Scopes".Length..].Replace(".ScopeName", ".name", StringComparison.Ordinal).Replace(".ScopeDescription", ".description", StringComparison.Ordinal);
                throw Error(at, member, $"{ex.Rule}; {ex.Detail}");
            }
        }

        return new ResourceServer(userPoolId, identifier, name, scopes);
    }

    private string RequiredString(JsonObject owner, string ownerPath, string name, Action<string?, string> validate)
    {
        var member = Required(owner, ownerPath, name);
        var path = $"{ownerPath}.{name}";
        var value = Expect<JsonString>(member.Value, path, "a string").Value;
        Check(member.Value, () => validate(value, path));
        return value;
    }

    /// <summary>The value, and the variable it came from (null when written literally).</summary>
    private (string Value, string? Variable) Substitute(string value, JsonTree at, string path)
    {
        if (VariableReference().Match(value) is not { Success: true } reference)
        {
            return (value, null);
        }

        var name = reference.Groups["name"].Value;
        if (!_variables.TryGet(name, out var found))
        {
            throw Error(at, path, $"${{{name}}} names a variable the command line did not pass; pass --var {name} (its value from the environment variable {name}) or --var {name}=VALUE");
        }

        return found is { Length: > 0 }
            ? (found, name)
            : throw Error(at, path, $"environment variable {name} is not set (the value is \"${{{name}}}\", passed with --var {name})");
    }

    private void Check(JsonTree at, Action validate, string? variable = null)
    {
        try
        {
            validate();
        }
        catch (ResourceServerValidationException ex)
        {
            // A variable's value may be anything the pipeline holds (a token): the rule and the variable, never the value.
            throw Error(at, ex.Member, variable is null ? $"{ex.Rule}; {ex.Detail}" : $"the value of ${{{variable}}} breaks the rule: {ex.Rule} (the value is not shown)");
        }
    }

    private void CheckMembers(JsonObject owner, string path, string[] known)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in owner.Members)
        {
            var memberPath = path == "$" ? member.Name : $"{path}.{member.Name}";
            if (!known.Contains(member.Name, StringComparer.Ordinal))
            {
                throw new ManifestException(_file, member.Line, member.Column, memberPath, $"unknown member \"{member.Name}\"; expected {string.Join(", ", known.Select(k => $"\"{k}\""))} (names are case-sensitive)");
            }

            if (!seen.Add(member.Name))
            {
                throw new ManifestException(_file, member.Line, member.Column, memberPath, "appears twice");
            }
        }
    }

    private JsonMember Required(JsonObject owner, string path, string name) =>
        Find(owner, name) ?? throw Error(owner, path == "$" ? name : $"{path}.{name}", "is required");

    private static JsonMember? Find(JsonObject owner, string name) => owner.Members.FirstOrDefault(m => m.Name == name);

    private T Expect<T>(JsonTree tree, string path, string expected)
        where T : JsonTree =>
        tree as T ?? throw Error(tree, path, $"must be {expected}; found {tree.Kind}");

    private ManifestException Error(JsonTree at, string member, string problem) => new(_file, at.Line, at.Column, member, problem);

    [GeneratedRegex(@"^\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}$")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^Scopes\[(\d+)\]")]
    private static partial Regex ScopeIndex();
}
