using System.Net;

namespace ResourceServers.Testing;

/// <summary>A request the emulator refuses before it reaches the in-memory Cognito (unknown target, bad JSON, missing member).</summary>
internal sealed class EmulatorProtocolException : Exception
{
    public EmulatorProtocolException(HttpStatusCode statusCode, string errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    public EmulatorProtocolException()
        : this(HttpStatusCode.BadRequest, "SerializationException", "The request could not be read.")
    {
    }

    public EmulatorProtocolException(string message)
        : this(HttpStatusCode.BadRequest, "SerializationException", message)
    {
    }

    public EmulatorProtocolException(string message, Exception innerException)
        : this(HttpStatusCode.BadRequest, "SerializationException", message, innerException)
    {
    }

    public HttpStatusCode StatusCode { get; }

    public string ErrorCode { get; }
}
