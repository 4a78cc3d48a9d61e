using Rein.Core.Trust;
using Rein.Jose;

namespace Rein.Core.Transactions;

/// <summary>
/// A JWK Set fetched from a URL, for services that verify Rein's transaction tokens outside Rein
/// (<c>https://rein.example.com/.well-known/txn-token-jwks.json</c>). Keys are resolved from memory; the set is
/// re-fetched when it is older than <see cref="MaxAge"/> (in the background) and when a token names an unknown
/// <c>kid</c> — at most once per <see cref="MinRefreshInterval"/>, so tokens with made-up kids cannot make the service
/// hammer Rein. A failed fetch keeps the last good set.
/// </summary>
public sealed class RemoteJsonWebKeySet : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _uri;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _fetch = new(1, 1);
    private volatile JsonWebKeySet? _keys;
    private long _fetchedAt;
    private long _attemptedAt;

    /// <param name="http">The client to fetch with; the caller owns it.</param>
    /// <param name="jwksUri">The JWKS URL: https, or http only on a loopback host.</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> by default.</param>
    public RemoteJsonWebKeySet(HttpClient http, Uri jwksUri, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(jwksUri);
        if (!jwksUri.IsAbsoluteUri || !(jwksUri.Scheme == Uri.UriSchemeHttps || (jwksUri.Scheme == Uri.UriSchemeHttp && jwksUri.IsLoopback)))
        {
            // Note: whoever can change this document can mint transaction tokens the service believes.
            throw new ArgumentException("The JWKS URL must use https (http only for a loopback host).", nameof(jwksUri));
        }
        _http = http;
        _uri = jwksUri;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The least time between two fetches. Default 5 s.</summary>
    public TimeSpan MinRefreshInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a fetched set is used before it is fetched again in the background. Default 5 minutes, as Rein's Cache-Control says.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The keys fetched last; null before the first successful fetch.</summary>
    public JsonWebKeySet? Current => _keys;

    /// <summary>A <see cref="KeyResolver"/>: the key for <paramref name="kid"/> and <paramref name="alg"/> from memory, or null.</summary>
    public VerificationKey? Resolve(string? kid, string alg)
    {
        var keys = _keys;
        if (keys is not null && _time.GetUtcNow().ToUnixTimeMilliseconds() - Interlocked.Read(ref _fetchedAt) > (long)MaxAge.TotalMilliseconds)
        {
            _ = RefreshInBackgroundAsync();
        }
        return keys?.Resolve(kid, alg);
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await RefreshAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // Disposed while a stale set was being replaced: nobody is left to use the new one.
        }
    }

    /// <summary>
    /// Fetches the set unless the last attempt was under <see cref="MinRefreshInterval"/> ago; returns whether a new set
    /// was loaded. Never throws for network or format problems: the last good set stays in use.
    /// </summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        if (!DueForAttempt()) return false;
        await _fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!DueForAttempt()) return false;
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            Interlocked.Exchange(ref _attemptedAt, now);
            var keys = await JwksFetcher.FetchAsync(_http, _uri, cancellationToken).ConfigureAwait(false);
            if (keys is null) return false;
            _keys = keys;
            Interlocked.Exchange(ref _fetchedAt, _time.GetUtcNow().ToUnixTimeMilliseconds());
            return true;
        }
        finally
        {
            _fetch.Release();
        }
    }

    private bool DueForAttempt()
    {
        var last = Interlocked.Read(ref _attemptedAt);
        return last == 0 || _time.GetUtcNow().ToUnixTimeMilliseconds() - last >= (long)MinRefreshInterval.TotalMilliseconds;
    }

    public void Dispose() => _fetch.Dispose();
}
