namespace ResourceServers;

/// <summary>A configuration section given to <c>Bind</c> (or the <c>IConfiguration</c> overloads) for a registration, by path.</summary>
/// <param name="Name">The options name of the registration.</param>
/// <param name="Path">The section's path, e.g. <c>ResourceServers</c>.</param>
internal sealed record ExplicitlyBoundSection(string Name, string Path);
