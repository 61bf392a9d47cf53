using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace ResourceServers.Tests.Conventions;

/// <summary>
/// Public models and wire shapes are immutable: no public setters (init-only is fine), no public writable fields, and
/// collections exposed through read-only or immutable types. Records compare their collections by value.
/// Runs over whatever public types those namespaces hold, so types added later are held to the same rules.
/// </summary>
public class ModelConventionTests
{
    private static readonly string[] ModelNamespaces = ["ResourceServers", "ResourceServers.Wire"];

    private static readonly HashSet<Type> ReadOnlyCollectionDefinitions =
    [
        typeof(IReadOnlyList<>),
        typeof(IReadOnlyCollection<>),
        typeof(IReadOnlyDictionary<,>),
        typeof(IReadOnlySet<>),
    ];

    public static TheoryData<Type> ModelTypes => [.. PublicModelTypes()];

    public static TheoryData<Type> ModelRecordsWithCollections =>
        [.. PublicModelTypes().Where(t => t.Namespace == "ResourceServers" && IsRecord(t) && CollectionProperties(t).Any())];

    [Fact]
    public void The_model_namespaces_are_found()
    {
        // Guards against the theories below silently running over nothing after a rename.
        var types = PublicModelTypes().ToList();
        Assert.Contains(typeof(ResourceServer), types);
        Assert.Contains(typeof(ResourceServerScope), types);
        Assert.Contains(typeof(ResourceServers.Wire.ResourceServerType), types);
        Assert.Contains(typeof(ResourceServer), PublicModelTypes().Where(t => IsRecord(t) && CollectionProperties(t).Any()));
    }

    [Theory]
    [MemberData(nameof(ModelTypes))]
    public void Public_models_are_immutable_and_expose_read_only_collections(Type type)
    {
        var violations = Violations(type);
        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Theory]
    [MemberData(nameof(ModelRecordsWithCollections))]
    public void Records_holding_collections_define_their_own_equality(Type type)
    {
        // The compiler's record equality compares a list by reference; only a hand-written Equals can compare items.
        Assert.False(IsCompilerGenerated(type.GetMethod(nameof(Equals), [type])), $"{type.Name}.Equals({type.Name}) is the compiler's: collections compare by reference.");
        Assert.False(IsCompilerGenerated(type.GetMethod(nameof(GetHashCode), Type.EmptyTypes)), $"{type.Name}.GetHashCode() is the compiler's.");
    }

    [Fact]
    public void ResourceServer_equality_compares_scopes_item_by_item()
    {
        var a = new ResourceServer("us-east-1_abc", "https://api", "api", new List<ResourceServerScope> { new("read", "Read"), new("write", "Write") });
        var b = new ResourceServer("us-east-1_abc", "https://api", "api", [new ResourceServerScope("read", "Read"), new ResourceServerScope("write", "Write")]);

        Assert.NotSame(a.Scopes, b.Scopes);
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Scopes = [new ResourceServerScope("read", "Read")] });
        Assert.NotEqual(a, b with { Scopes = [new ResourceServerScope("write", "Write"), new ResourceServerScope("read", "Read")] });
    }

    [Fact]
    public void ResourceServer_scopes_cannot_be_changed_through_the_exposed_list()
    {
        var server = new ResourceServer("us-east-1_abc", "https://api", "api", [new ResourceServerScope("read", "Read")]);

        // Whatever the runtime type, a caller must not be able to mutate it through a cast.
        Assert.False(server.Scopes is IList<ResourceServerScope> { IsReadOnly: false });
        Assert.False(server.Scopes is ICollection<ResourceServerScope> { IsReadOnly: false });
    }

    // ---- The checker checks: well-formed types pass, each kind of breach is caught ----

    [Theory]
    [InlineData(typeof(GoodRecord))]
    [InlineData(typeof(GoodClass))]
    [InlineData(typeof(GoodStruct))]
    public void The_convention_accepts_well_formed_models(Type type) => Assert.Empty(Violations(type));

    [Theory]
    [InlineData(typeof(WithPublicSetter), "public setter")]
    [InlineData(typeof(WithList), "List`1")]
    [InlineData(typeof(WithArray), "String[]")]
    [InlineData(typeof(WithCollectionInterface), "ICollection`1")]
    [InlineData(typeof(WithEnumerable), "IEnumerable`1")]
    [InlineData(typeof(WithDictionary), "Dictionary`2")]
    [InlineData(typeof(WithWritableField), "writable field")]
    [InlineData(typeof(WithReadOnlyListField), "List`1")]
    [InlineData(typeof(WithInheritedSetter), "public setter")]
    public void The_convention_rejects_mutable_models(Type type, string expected)
    {
        var violations = Violations(type);
        Assert.Contains(violations, v => v.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_equality_check_tells_compiler_equality_from_hand_written()
    {
        Assert.True(IsCompilerGenerated(typeof(RecordWithCompilerEquality).GetMethod(nameof(Equals), [typeof(RecordWithCompilerEquality)])));
        Assert.False(IsCompilerGenerated(typeof(ResourceServer).GetMethod(nameof(Equals), [typeof(ResourceServer)])));
        Assert.True(IsRecord(typeof(RecordWithCompilerEquality)));
        Assert.False(IsRecord(typeof(GoodClass)));
    }

    private static IEnumerable<Type> PublicModelTypes() =>
        typeof(ResourceServer).Assembly.GetExportedTypes()
            .Where(t => ModelNamespaces.Contains(t.Namespace, StringComparer.Ordinal))
            .Where(t => (t.IsClass || (t.IsValueType && !t.IsEnum))
                && !(t.IsAbstract && t.IsSealed) // static classes: factories and helpers, no instances
                && !typeof(Delegate).IsAssignableFrom(t)
                && !typeof(Exception).IsAssignableFrom(t) // Exception's own HelpLink and Source are settable
                && !t.Name.EndsWith("Options", StringComparison.Ordinal) // settings bind from configuration, so they are mutable by design
                && !typeof(IResourceServerClient).IsAssignableFrom(t)) // the client is a service, not a model
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

    private static List<string> Violations(Type type)
    {
        var violations = new List<string>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
        {
            if (property.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter))
            {
                violations.Add($"{type.Name}.{property.Name} has a public setter; make it init-only or remove it.");
            }

            if (!IsAllowedCollection(property.PropertyType))
            {
                violations.Add($"{type.Name}.{property.Name} is {property.PropertyType.Name}; expose IReadOnlyList<T>, IReadOnlyCollection<T>, IReadOnlyDictionary<K,V> or an immutable collection.");
            }
        }

        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
        {
            if (!field.IsInitOnly && !field.IsLiteral)
            {
                violations.Add($"{type.Name}.{field.Name} is a public writable field.");
            }

            if (!IsAllowedCollection(field.FieldType))
            {
                violations.Add($"{type.Name}.{field.Name} is {field.FieldType.Name}; expose a read-only or immutable collection.");
            }
        }

        return violations;
    }

    private static IEnumerable<PropertyInfo> CollectionProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => IsCollection(p.PropertyType));

    private static bool IsCollection(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);
    }

    private static bool IsAllowedCollection(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (!IsCollection(type))
        {
            return true;
        }

        if (type.Namespace is "System.Collections.Immutable" or "System.Collections.Frozen")
        {
            return true;
        }

        return type.IsGenericType && ReadOnlyCollectionDefinitions.Contains(type.GetGenericTypeDefinition());
    }

    // An init accessor is a setter whose return carries the IsExternalInit required modifier.
    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));

    // Record classes have a clone method for 'with'; record structs have none, but both synthesize PrintMembers.
    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null
        || type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance, [typeof(System.Text.StringBuilder)]) is not null;

    private static bool IsCompilerGenerated(MethodInfo? method) =>
        method is not null && method.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false);

    // ---- Samples for the checker's own tests ----

    public sealed record GoodRecord(string Name, IReadOnlyList<string> Items)
    {
        public ImmutableArray<int> Numbers { get; init; } = [];

        public IReadOnlyDictionary<string, string>? Tags { get; init; }

        public ImmutableDictionary<string, int> Counts { get; init; } = ImmutableDictionary<string, int>.Empty;

        public string Computed => Name + Items.Count;
    }

    public sealed class GoodClass
    {
        public const int Limit = 3;

        public static readonly GoodClass Empty = new();

        public readonly string Text = "fixed";

        public IReadOnlyCollection<string> Items { get; private set; } = [];

        public IReadOnlySet<string> Names { get; init; } = new HashSet<string>();

        public ImmutableArray<string>? Maybe { get; init; }
    }

    public readonly record struct GoodStruct(string Name, IReadOnlyList<int> Values);

    public sealed class WithPublicSetter
    {
        public string Name { get; set; } = string.Empty;
    }

    public sealed class WithList
    {
        public List<string> Items { get; init; } = [];
    }

    public sealed class WithArray
    {
        public string[] Items { get; init; } = [];
    }

    public sealed class WithCollectionInterface
    {
        public ICollection<string> Items { get; init; } = [];
    }

    public sealed class WithEnumerable
    {
        public IEnumerable<string> Items { get; init; } = [];
    }

    public sealed record WithDictionary(Dictionary<string, string> Tags);

    public sealed class WithWritableField
    {
        public string Name = string.Empty;
    }

    public sealed class WithReadOnlyListField
    {
        public readonly List<string> Items = [];
    }

    public class WithSetterBase
    {
        public string Name { get; set; } = string.Empty;
    }

    public sealed class WithInheritedSetter : WithSetterBase;

    public sealed record RecordWithCompilerEquality(IReadOnlyList<string> Items);
}
