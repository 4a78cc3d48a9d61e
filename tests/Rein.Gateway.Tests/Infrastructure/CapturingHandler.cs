using System.Collections.Concurrent;

namespace Rein.Gateway.Tests.Infrastructure;

/// <summary>
/// Sits under the SDK's <c>DPoPHandler</c> and remembers every <c>Authorization</c> and <c>DPoP</c> value it sent,
/// so a test can both replay them and check that no response echoes them.
/// </summary>
internal sealed class CapturingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly ConcurrentQueue<string> _sent = new();

    public IReadOnlyList<string> Sent => [.. _sent];

    /// <summary>The DPoP proof of the last request sent.</summary>
    public string? LastProof { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.TryGetValues("DPoP", out var proofs))
        {
            foreach (var proof in proofs)
            {
                _sent.Enqueue(proof);
                LastProof = proof;
            }
        }
        if (request.Headers.Authorization?.Parameter is { } credential) _sent.Enqueue(credential);
        return base.SendAsync(request, cancellationToken);
    }
}
