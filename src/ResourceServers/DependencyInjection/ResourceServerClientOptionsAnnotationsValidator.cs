using Microsoft.Extensions.Options;

namespace ResourceServers.DependencyInjection;

/// <summary>Checks the data-annotation rules of <see cref="ResourceServerClientOptions"/>; generated at compile time, so no reflection.</summary>
[OptionsValidator]
internal sealed partial class ResourceServerClientOptionsAnnotationsValidator : IValidateOptions<ResourceServerClientOptions>
{
}
