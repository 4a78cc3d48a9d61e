using System.Collections.Concurrent;
using Rein.Core.Registry;
using Rein.Jose;

namespace Rein.Core.Trust;

/// <summary>
/// Keys of trusted issuers: inline from config, or fetched from <c>jwks_uri</c>, cached, and re-fetched when a token
/// names an unknown <c>kid</c> — at most once per <see cref="MinRefreshInterval"/> per issuer, so a flood of tokens
/// with made-up kids cannot turn Rein into a request amplifier.
/// </summary>
public sealed class TrustedKeySource(IHttpClientFactory httpFactory, TimeProvider time)
{
    public const string HttpClientName = "rein-jwks";
    public static readonly TimeSpan MinRefreshInterval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<Uri, CachedSet> _cache = new();
    private readonly ConcurrentDictionary<Uri, SemaphoreSlim> _fetchLocks = new();

    private sealed record CachedSet(JsonWebKeySet? Keys, DateTimeOffset FetchedAt);

    /// <summary>The keys known now, without waiting on the network (null when none were ever fetched).</summary>
    public JsonWebKeySet? CurrentKeys(TrustedIssuer issuer)
    {
        if (issuer.InlineKeys is not null) return issuer.InlineKeys;
        return issuer.JwksUri is not null && _cache.TryGetValue(issuer.JwksUri, out var cached) ? cached.Keys : null;
    }

    /// <summary>
    /// Verifies <paramref name="jwt"/> with the issuer's keys: the keys known now (fetched first if there are none),
    /// and after one rate-limited re-fetch when the token names a <c>kid</c> we do not know (the issuer may have rotated).
    /// </summary>
    public async Task<JwsReadResult?> ReadAsync(TrustedIssuer issuer, string jwt, JwsReadOptions options, CancellationToken cancellationToken)
    {
        var keys = CurrentKeys(issuer);
        if (keys is null && await RefreshAsync(issuer, unknownKid: false, cancellationToken).ConfigureAwait(false))
        {
            keys = CurrentKeys(issuer);
        }
        if (keys is null) return null;

        var read = JwsReader.Read(jwt, options, keys.Resolve);
        if (read.Error == JoseError.UnknownKey && issuer.JwksUri is not null &&
            await RefreshAsync(issuer, unknownKid: true, cancellationToken).ConfigureAwait(false))
        {
            read = JwsReader.Read(jwt, options, CurrentKeys(issuer)!.Resolve);
        }
        return read;
    }

    /// <summary>
    /// Fetches the issuer's JWKS if it is missing, stale, or (when <paramref name="unknownKid"/>) may have rotated, and the
    /// rate limit allows. Returns whether a new set was loaded.
    /// </summary>
    public async Task<bool> RefreshAsync(TrustedIssuer issuer, bool unknownKid, CancellationToken cancellationToken)
    {
        if (issuer.JwksUri is not { } uri) return false;
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(uri, out var cached))
        {
            var age = now - cached.FetchedAt;
            if (age < MinRefreshInterval || (!unknownKid && age < CacheLifetime)) return false;
        }

        var gate = _fetchLocks.GetOrAdd(uri, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cache.TryGetValue(uri, out cached) && time.GetUtcNow() - cached.FetchedAt < MinRefreshInterval) return cached.Keys is not null;
            var keys = await FetchAsync(uri, cancellationToken).ConfigureAwait(false);
            // Note: a failed fetch is cached too (as no new keys), so an unreachable issuer is not hammered; the last
            // good set stays in use until it ages out.
            _cache[uri] = new CachedSet(keys ?? cached?.Keys, time.GetUtcNow());
            return keys is not null;
        }
        finally
        {
            gate.Release();
        }
    }

    private Task<JsonWebKeySet?> FetchAsync(Uri uri, CancellationToken cancellationToken) =>
        JwksFetcher.FetchAsync(httpFactory.CreateClient(HttpClientName), uri, cancellationToken);
}
