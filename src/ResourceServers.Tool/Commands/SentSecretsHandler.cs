using ResourceServers.Tool.Output;

namespace ResourceServers.Tool.Commands;

/// <summary>
/// Sees every signed request as it leaves and hands its Authorization value and session token to
/// <see cref="SentSecrets"/>, before any answer can echo them. It sits on the handler the library itself would use
/// (no redirects followed, pooled connections renewed).
/// </summary>
internal sealed class SentSecretsHandler() : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        SentSecrets.Add(
            request.Headers.TryGetValues("Authorization", out var authorization) ? authorization.FirstOrDefault() : null,
            request.Headers.TryGetValues("X-Amz-Security-Token", out var token) ? token.FirstOrDefault() : null,
            secretKey: null);
        return base.SendAsync(request, cancellationToken);
    }
}
