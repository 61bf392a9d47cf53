using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace ResourceServers;

/// <summary>
/// The configuration section the options are bound from, with its <c>Credentials</c> subtree hidden from the binder.
/// </summary>
/// <remarks>
/// <see cref="ResourceServerClientOptions.Credentials"/> is an abstract <c>AWSCredentials</c>: given keys under
/// <c>ResourceServers:Credentials</c>, the configuration binder throws its own "cannot create an instance of an
/// abstract type" before validation runs, and that message names neither the setting nor the way out. Hidden here,
/// the keys reach <see cref="ConfigurationKeysValidator"/>, which refuses them with a message that does.
/// </remarks>
internal sealed class ConfigurationWithoutCredentials(IConfiguration inner) : IConfiguration
{
    private const string Credentials = nameof(ResourceServerClientOptions.Credentials);

    public string? this[string key]
    {
        get => IsCredentials(key) ? null : inner[key];
        set => inner[key] = value;
    }

    public IEnumerable<IConfigurationSection> GetChildren() => inner.GetChildren().Where(static child => !IsCredentials(child.Key));

    public IChangeToken GetReloadToken() => inner.GetReloadToken();

    public IConfigurationSection GetSection(string key) =>
        IsCredentials(key) ? new ConfigurationSection(new ConfigurationRoot([]), key) : inner.GetSection(key);

    // Keys are matched case-insensitively, as the binder matches them.
    private static bool IsCredentials(string key) =>
        key.Equals(Credentials, StringComparison.OrdinalIgnoreCase)
        || key.StartsWith(Credentials + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase);
}
