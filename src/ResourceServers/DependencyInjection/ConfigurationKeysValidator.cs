using System.Reflection;
using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ResourceServers;

/// <summary>
/// Refuses configuration keys under a bound section that name no setting: the binder silently ignores them, so a
/// misspelled <c>Resilience:MaxAttemps</c> would leave the default in force without a word.
/// </summary>
/// <param name="name">The options name this section was bound to.</param>
/// <param name="section">The section given to <c>Bind</c>, or the one bound from the application's configuration.</param>
/// <param name="otherClients">Child sections that belong to other (keyed) clients, not to these options.</param>
internal sealed class ConfigurationKeysValidator(string name, IConfiguration section, IReadOnlySet<string> otherClients) : IValidateOptions<ResourceServerClientOptions>
{
    public ConfigurationKeysValidator(string name, IConfiguration section)
        : this(name, section, new HashSet<string>())
    {
    }

    public ValidateOptionsResult Validate(string? optionsName, ResourceServerClientOptions options)
    {
        if (!string.Equals(optionsName ?? Options.DefaultName, name, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        var path = section is IConfigurationSection s ? s.Path : ResourceServerClientOptions.SectionName;
        Check(section, typeof(ResourceServerClientOptions), path, failures, otherClients);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(OptionsFailures.Joinable(failures));
    }

    private static void Check(IConfiguration configuration, Type type, string path, List<string> failures, IReadOnlySet<string>? skipped = null)
    {
        var settings = Settings(type);
        foreach (var child in configuration.GetChildren())
        {
            if (skipped?.Contains(child.Key) == true)
            {
                continue;
            }

            var key = $"{path}:{child.Key}";
            if (!settings.TryGetValue(child.Key, out var property))
            {
                var closest = Closest(child.Key, settings.Keys);
                failures.Add(closest is null
                    ? $"{key} is not a setting of {type.Name}; remove it (settings here: {string.Join(", ", settings.Keys.Order(StringComparer.Ordinal))})."
                    : $"{key} is not a setting of {type.Name}; did you mean {path}:{closest}?");
                continue;
            }

            if (typeof(AWSCredentials).IsAssignableFrom(property.PropertyType))
            {
                failures.Add($"{key} cannot come from configuration: set credentials in code, or use a profile, the environment or a role (keep secrets out of settings files).");
            }
            else if (IsSection(property.PropertyType))
            {
                Check(child, property.PropertyType, key, failures);
            }
        }
    }

    // Settings bind case-insensitively, as the configuration binder matches them.
    private static Dictionary<string, PropertyInfo> Settings(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && (p.CanWrite || IsSection(p.PropertyType)))
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    // The nested option types are sections of their own; everything else (strings, numbers, times, URLs) is a value.
    private static bool IsSection(Type type) =>
        type.IsClass && type != typeof(string) && type != typeof(Uri) && type.Namespace == typeof(ResourceServerClientOptions).Namespace;

    private static string? Closest(string key, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(key.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        // A typo is a letter or two away; anything further is not worth guessing at.
        return bestDistance <= 2 ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
