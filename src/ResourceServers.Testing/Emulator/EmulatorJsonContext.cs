using System.Text.Json.Serialization;

namespace ResourceServers.Testing;

/// <summary>
/// Source-generated JSON for everything the emulator reads and writes. Strict like the service: numbers are not
/// read from strings and member names are case-sensitive; unset optional members are left out.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = false,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(CreateUserPoolInput))]
[JsonSerializable(typeof(UserPoolIdInput))]
[JsonSerializable(typeof(UserPoolOutput))]
[JsonSerializable(typeof(CreateUserPoolClientInput))]
[JsonSerializable(typeof(UserPoolClientIdInput))]
[JsonSerializable(typeof(UserPoolClientOutput))]
[JsonSerializable(typeof(ErrorBody))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext
{
}
