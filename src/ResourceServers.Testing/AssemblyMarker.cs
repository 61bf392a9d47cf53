namespace ResourceServers.Testing;
/// <summary>Marker.</summary>
internal static class AssemblyMarker { }
