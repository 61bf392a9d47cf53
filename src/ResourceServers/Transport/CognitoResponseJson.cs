using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ResourceServers.Wire;

namespace ResourceServers;

/// <summary>
/// How the transport reads success bodies: the wire shapes' generated metadata plus one member none of them declares,
/// an error body's <c>__type</c>, so that an error body under a 2xx status is seen even when it also holds the
/// operation's members (<see cref="CognitoResponse.ErrorType"/>).
/// </summary>
internal static class CognitoResponseJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        TypeInfoResolver = CognitoJsonContext.Default.WithAddedModifier(KeepErrorType),
    };

    /// <summary>The metadata a success body of <typeparamref name="TResponse"/> is read with.</summary>
    public static JsonTypeInfo<TResponse> For<TResponse>()
        where TResponse : CognitoResponse => Cache<TResponse>.Info;

    private static void KeepErrorType(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || !typeof(CognitoResponse).IsAssignableFrom(info.Type))
        {
            return;
        }

        // Built as the source generator builds its members (no reflection, so trimming and Native AOT keep it), not with
        // JsonTypeInfo.CreateJsonPropertyInfo, which may make a converter by reflection.
        info.Properties.Add(JsonMetadataServices.CreatePropertyInfo(info.Options, new JsonPropertyInfoValues<string?>
        {
            IsProperty = true,
            IsPublic = true,
            DeclaringType = typeof(CognitoResponse),
            PropertyName = nameof(CognitoResponse.ErrorType),
            JsonPropertyName = "__type",
            Converter = JsonMetadataServices.StringConverter,
            Setter = static (response, value) => ((CognitoResponse)response).ErrorType = value,
        }));
    }

    // One lookup per response type, made once.
    private static class Cache<T>
    {
        public static readonly JsonTypeInfo<T> Info = (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
    }
}
