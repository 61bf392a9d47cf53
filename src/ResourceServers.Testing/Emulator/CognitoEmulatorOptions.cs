using Microsoft.Extensions.Logging;

namespace ResourceServers.Testing;

/// <summary>Settings of a <see cref="CognitoEmulator"/>. The defaults start a quiet emulator on an ephemeral loopback port.</summary>
public sealed class CognitoEmulatorOptions
{
    /// <summary>
    /// The access key id accepted by default: the example key of the AWS documentation, which no AWS account owns,
    /// so a request meant for the emulator can never authenticate against AWS.
    /// </summary>
    public const string DefaultAccessKeyId = "AKIAIOSFODNN7EXAMPLE";

    /// <summary>The secret of <see cref="DefaultAccessKeyId"/>: the documentation's example secret, public and worthless outside the emulator.</summary>
    public const string DefaultSecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    /// <summary>The region used when neither <see cref="Region"/> nor <see cref="Cognito"/> names one.</summary>
    public const string DefaultRegion = "us-east-1";

    /// <summary>The loopback port to listen on; 0 (the default) lets the system pick a free one, so emulators can run side by side.</summary>
    public int Port { get; set; }

    /// <summary>
    /// The region requests must be signed for. Null (the default) takes the region of <see cref="Cognito"/> when one
    /// is given, else <see cref="DefaultRegion"/>. When both are set they must agree.
    /// </summary>
    public string? Region { get; set; }

    /// <summary>The only access key id the emulator accepts; any other is answered with <c>UnrecognizedClientException</c>.</summary>
    public string AccessKeyId { get; set; } = DefaultAccessKeyId;

    /// <summary>The secret signatures are checked with.</summary>
    public string SecretAccessKey { get; set; } = DefaultSecretAccessKey;

    /// <summary>
    /// When set, every request must carry this value in <c>X-Amz-Security-Token</c> (as temporary credentials do);
    /// when null, requests must carry no token.
    /// </summary>
    public string? SessionToken { get; set; }

    /// <summary>The Cognito to serve; null creates a new one in <see cref="Region"/> with <see cref="TimeProvider"/> as its clock.</summary>
    public InMemoryCognito? Cognito { get; set; }

    /// <summary>
    /// Whether the Cognito the emulator creates throttles calls over Cognito's published rate quotas
    /// (<see cref="InMemoryCognitoOptions.EnforceRateQuotas"/>). Off by default. When <see cref="Cognito"/> is given,
    /// set it on that Cognito's options instead.
    /// </summary>
    public bool EnforceRateQuotas { get; set; }

    /// <summary>
    /// How the Cognito the emulator creates counts calls against its quotas (<see cref="InMemoryCognitoOptions.QuotaModel"/>).
    /// When <see cref="Cognito"/> is given, set it on that Cognito's options instead.
    /// </summary>
    public CognitoQuotaModel QuotaModel { get; set; } = CognitoQuotaModel.TokenBucket;

    /// <summary>The clock signing times are checked against (AWS allows 15 minutes either way), and the one each response's <c>Date</c> header is set from. Defaults to the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Network latency added to every answer, as a round trip to a real endpoint takes: half before the request reaches
    /// the Cognito (so the quotas count it late), half before the answer starts. Zero (the default) adds none. With
    /// <see cref="MaxLatency"/> set, the least of a range.
    /// </summary>
    public TimeSpan Latency { get; set; }

    /// <summary>
    /// When set, each request's latency is a uniformly random time between <see cref="Latency"/> and this, as a
    /// network's jitter varies it; at least <see cref="Latency"/> and at most 10 seconds. Null (the default): every
    /// request takes exactly <see cref="Latency"/>.
    /// </summary>
    public TimeSpan? MaxLatency { get; set; }

    /// <summary>Requests with a larger body are refused with HTTP 413 before they are parsed or their signature is checked. Default 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Configures logging of the emulator's web host. Null (the default) logs nothing, so tests stay quiet.
    /// Headers, bodies and credentials are never logged.
    /// </summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }
}
