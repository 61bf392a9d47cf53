using System.Text.Json.Serialization;
using ResourceServers.Wire;

namespace ResourceServers;

/// <summary>Source-generated JSON metadata for the wire shapes: names as the model spells them, unset optionals absent.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, GenerationMode = JsonSourceGenerationMode.Default)]
[JsonSerializable(typeof(CreateResourceServerRequest))]
[JsonSerializable(typeof(CreateResourceServerResponse))]
[JsonSerializable(typeof(DescribeResourceServerRequest))]
[JsonSerializable(typeof(DescribeResourceServerResponse))]
[JsonSerializable(typeof(ListResourceServersRequest))]
[JsonSerializable(typeof(ListResourceServersResponse))]
[JsonSerializable(typeof(ListUserPoolsRequest))]
[JsonSerializable(typeof(ListUserPoolsResponse))]
[JsonSerializable(typeof(UpdateResourceServerRequest))]
[JsonSerializable(typeof(UpdateResourceServerResponse))]
[JsonSerializable(typeof(DeleteResourceServerRequest))]
[JsonSerializable(typeof(ListUserPoolClientsRequest))]
[JsonSerializable(typeof(ListUserPoolClientsResponse))]
[JsonSerializable(typeof(DescribeUserPoolClientRequest))]
[JsonSerializable(typeof(DescribeUserPoolClientResponse))]
[JsonSerializable(typeof(DeleteResourceServerResponse))]
internal sealed partial class CognitoJsonContext : JsonSerializerContext
{
}
