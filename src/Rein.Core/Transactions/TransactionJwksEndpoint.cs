using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rein.Core.Keys;

namespace Rein.Core.Transactions;

/// <summary>
/// <c>GET /.well-known/txn-token-jwks.json</c>: the keys that sign transaction tokens. Served by the broker and by the
/// gateway (upstream services may fetch it from the gateway they sit behind), mapped once when both run.
/// </summary>
public static class TransactionJwksEndpoint
{
    /// <summary>Maps the transaction-token JWKS, unless this process has mapped it already.</summary>
    public static IEndpointRouteBuilder MapTransactionTokenJwks(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var marker = endpoints.ServiceProvider.GetRequiredService<Marker>();
        if (Interlocked.Exchange(ref marker.Mapped, 1) == 1) return endpoints;
        var keys = endpoints.ServiceProvider.GetRequiredService<TransactionKeyRing>();
        var maxAge = (int)endpoints.ServiceProvider.GetRequiredService<KeyRingOptions>().JwksMaxAge.TotalSeconds;
        endpoints.MapGet(TransactionTokens.JwksPath, (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = $"public, max-age={maxAge}";
            return Results.Bytes(keys.JwksDocument, "application/jwk-set+json");
        }).ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>Whether this process has mapped the endpoint (one per service provider).</summary>
    internal sealed class Marker
    {
        public int Mapped;
    }
}
