using System.Text.Json.Serialization;
using ResourceServers.Wire;

namespace ResourceServers.Benchmarks;

/// <summary>
/// The raw baseline's own System.Text.Json metadata: what a hand-written client would declare for the same wire
/// shapes (source-generated, null members left out), so the baseline is not slowed by reflection.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DescribeResourceServerRequest))]
[JsonSerializable(typeof(DescribeResourceServerResponse))]
[JsonSerializable(typeof(ListResourceServersRequest))]
[JsonSerializable(typeof(ListResourceServersResponse))]
[JsonSerializable(typeof(UpdateResourceServerRequest))]
[JsonSerializable(typeof(UpdateResourceServerResponse))]
internal sealed partial class OverheadRawJsonContext : JsonSerializerContext
{
}
