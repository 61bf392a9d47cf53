namespace ResourceServers.Wire;

/// <summary><c>DeleteResourceServer</c>'s answer: an empty body (or <c>{}</c>); only its metadata is of use.</summary>
public sealed record DeleteResourceServerResponse : CognitoResponse;
