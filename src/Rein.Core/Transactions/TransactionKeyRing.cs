using System.Buffers;
using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rein.Core.Configuration;
using Rein.Core.Keys;
using Rein.Core.Storage;
using Rein.Jose;

namespace Rein.Core.Transactions;

/// <summary>
/// The keys that sign and verify transaction tokens, all ES256.
/// <para>
/// An instance that holds the key ring (the broker role) signs with the ring's active ES256 key. An instance without it
/// — a gateway-only process, which by design never loads the master key and so cannot decrypt the ring — signs with an
/// <em>instance key</em>: generated in memory at start, never written anywhere, its public half put in the store so that
/// every instance publishes it. Such a key can sign transaction tokens only: it is published in
/// <see cref="TransactionTokens.JwksPath"/>, never in the access-token JWKS, and no access-token validator resolves it,
/// so a compromised gateway cannot mint an access token. An instance key signs for
/// <see cref="InstanceKeyPeriod"/>; its successor is published <see cref="KeyRingOptions.PublishLead"/> before it takes
/// over, and a retired key stays published until no token it signed can still be valid.
/// </para>
/// Signing and verifying read memory only; the store is read by <see cref="RefreshAsync"/> in the background.
/// </summary>
public sealed class TransactionKeyRing(KeyRing ring, IDbContextFactory<ReinDbContext> dbFactory, TimeProvider time) : IDisposable
{
    /// <summary>How long one instance key signs before its successor takes over.</summary>
    public static readonly TimeSpan InstanceKeyPeriod = TimeSpan.FromHours(24);

    /// <summary>How long a key stays published after it stops signing: the longest transaction token plus clock skew.</summary>
    public static readonly TimeSpan Retention = TransactionTokenConfig.MaxLifetime + TimeSpan.FromMinutes(1);

    private const string Algorithm = JwsAlgorithms.ES256;

    private readonly Lock _instanceLock = new();
    private readonly List<SigningKey> _generated = [];
    private volatile InstanceKey? _current;
    private volatile InstanceKey? _next;
    private volatile FrozenDictionary<string, JsonWebKey> _published = FrozenDictionary<string, JsonWebKey>.Empty;
    private volatile JwksCache? _jwks;
    private long _lastUnknownKidRefresh;

    private sealed record InstanceKey(SigningKey Key, long ActivatesAt, long SignsUntil);

    private sealed record JwksCache(ReadOnlyMemory<byte> RingDocument, FrozenDictionary<string, JsonWebKey> Published, byte[] Document);

    /// <summary>Whether this instance signs with the key ring (true) or with an instance key of its own (false).</summary>
    public bool UsesKeyRing => ring.Options.SignsTokens;

    /// <summary>The key that signs transaction tokens now, or null when there is none (the caller must then refuse).</summary>
    public SigningKey? GetSigningKey()
    {
        if (UsesKeyRing) return ring.GetSigningKey(Algorithm);

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (_next is { } next && now >= next.ActivatesAt)
        {
            lock (_instanceLock)
            {
                if (_next is { } pending && now >= pending.ActivatesAt)
                {
                    _current = pending;
                    _next = null;
                }
            }
        }
        // Note: past its period a key whose successor could not be published (the store was down) stops signing: a
        // token signed with it could outlive its publication, and no relying party could verify it.
        return _current is { } current && now < current.SignsUntil ? current.Key : null;
    }

    /// <summary>Resolves a key that may have signed a transaction token: the ring's, or a published instance key.</summary>
    public VerificationKey? Resolve(string? kid, string alg)
    {
        if (kid is null || alg != Algorithm) return null;
        if (_published.TryGetValue(kid, out var instanceKey)) return instanceKey.ToVerificationKey();
        var ringKey = ring.Resolve(kid, alg);
        if (ringKey is null) RefreshSoon();
        return ringKey;
    }

    /// <summary>
    /// The transaction-token JWKS (RFC 7517): the ring's ES256 keys and every published instance key. Rebuilt only when
    /// either changed.
    /// </summary>
    public ReadOnlyMemory<byte> JwksDocument
    {
        get
        {
            var ringDocument = ring.JwksDocument;
            var published = _published;
            var cache = _jwks;
            if (cache is not null && cache.RingDocument.Equals(ringDocument) && ReferenceEquals(cache.Published, published))
            {
                return cache.Document;
            }
            cache = new JwksCache(ringDocument, published, BuildJwks(ringDocument.Span, published));
            _jwks = cache;
            return cache.Document;
        }
    }

    /// <summary>Re-reads the published instance keys from the store and forgets those no token can still need.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        List<TransactionKeyEntity> rows;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            await db.TransactionKeys.Where(k => k.NotAfter <= now).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            rows = await db.TransactionKeys.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        var previous = _published;
        var published = new Dictionary<string, JsonWebKey>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Algorithm != Algorithm) continue;
            if (previous.TryGetValue(row.KeyId, out var known))
            {
                published[row.KeyId] = known;
            }
            else if (JsonWebKey.TryParse(Encoding.UTF8.GetBytes(row.PublicJwk), out var jwk, out _) && !jwk.HasPrivateKey && jwk.IsCompatibleWith(Algorithm))
            {
                published[row.KeyId] = jwk;
            }
        }
        _published = published.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>
    /// Gives an instance that does not hold the key ring a signing key of its own, published before this returns. Does
    /// nothing on an instance that signs with the ring.
    /// </summary>
    public async Task StartInstanceKeyAsync(CancellationToken cancellationToken)
    {
        if (UsesKeyRing || _current is not null) return;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        // Note: the first key of a process signs at once: no relying party can hold an older copy of this JWKS entry,
        // and validators refresh their key set when they meet an unknown kid.
        _current = await PublishInstanceKeyAsync(now, now, cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes the successor of this instance's key once it is due; call it periodically.</summary>
    public async Task RotateInstanceKeyAsync(CancellationToken cancellationToken)
    {
        if (UsesKeyRing || _current is not { } current || _next is not null) return;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var lead = (long)ring.Options.PublishLead.TotalMilliseconds;
        if (now < current.SignsUntil - 2 * lead) return;
        // Note: published a full lead before it signs, so relying parties' JWKS caches have it first, and taking over
        // no later than the current key stops, so there is never a moment without a signing key.
        var next = await PublishInstanceKeyAsync(now, Math.Min(now + lead, current.SignsUntil), cancellationToken).ConfigureAwait(false);
        _next = next;
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// At shutdown: this instance's keys stay published only as long as tokens they signed can be valid, and a successor
    /// that never signed is withdrawn.
    /// </summary>
    public async Task RetireInstanceKeyAsync(CancellationToken cancellationToken)
    {
        if (UsesKeyRing || _current is null) return;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var notAfter = now + (long)Retention.TotalMilliseconds;
        var ids = new List<string>(2);
        lock (_instanceLock)
        {
            foreach (var key in _generated) ids.Add(key.KeyId);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.TransactionKeys.Where(k => ids.Contains(k.KeyId) && k.ActivatesAt > now).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.TransactionKeys.Where(k => ids.Contains(k.KeyId) && k.NotAfter > notAfter)
            .ExecuteUpdateAsync(u => u.SetProperty(k => k.NotAfter, notAfter), cancellationToken).ConfigureAwait(false);
    }

    private async Task<InstanceKey> PublishInstanceKeyAsync(long now, long activatesAt, CancellationToken cancellationToken)
    {
        var key = SigningKey.Generate(Algorithm, NewKeyId(now));
        try
        {
            var signsUntil = activatesAt + (long)InstanceKeyPeriod.TotalMilliseconds;
            var publicJwk = new ArrayBufferWriter<byte>(256);
            using (var writer = new Utf8JsonWriter(publicJwk))
            {
                key.PublicJwk.WritePublicJwk(writer);
            }
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
            {
                db.TransactionKeys.Add(new TransactionKeyEntity
                {
                    KeyId = key.KeyId,
                    Algorithm = Algorithm,
                    PublicJwk = Encoding.UTF8.GetString(publicJwk.WrittenSpan),
                    CreatedAt = now,
                    ActivatesAt = activatesAt,
                    NotAfter = signsUntil + (long)Retention.TotalMilliseconds,
                });
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            lock (_instanceLock)
            {
                _generated.Add(key);
            }
            return new InstanceKey(key, activatesAt, signsUntil);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>An unknown kid may be a key another instance just published: re-read the store soon, at most once per 5 s.</summary>
    private void RefreshSoon()
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastUnknownKidRefresh);
        if (last != 0 && time.GetElapsedTime(last, now) < ring.Options.UnknownKidRefreshInterval) return;
        if (Interlocked.CompareExchange(ref _lastUnknownKidRefresh, now, last) != last) return;
        _ = Task.Run(async () =>
        {
            try
            {
                await RefreshAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException)
            {
                // The periodic refresh will try again; the token stays refused meanwhile (fail closed).
            }
        });
    }

    private static byte[] BuildJwks(ReadOnlySpan<byte> ringDocument, FrozenDictionary<string, JsonWebKey> published)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys"u8);
            if (JsonWebKeySet.TryParse(ringDocument, requirePublicKeys: true, out var ringKeys, out _))
            {
                foreach (var key in ringKeys.Keys)
                {
                    if (key.IsCompatibleWith(Algorithm)) key.WritePublicJwk(writer);
                }
            }
            foreach (var key in published.Values) key.WritePublicJwk(writer);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static string NewKeyId(long now)
    {
        Span<byte> random = stackalloc byte[6];
        System.Security.Cryptography.RandomNumberGenerator.Fill(random);
        return $"txn-{DateTimeOffset.FromUnixTimeMilliseconds(now):yyyyMMdd}-{Convert.ToHexStringLower(random)}";
    }

    public void Dispose()
    {
        lock (_instanceLock)
        {
            foreach (var key in _generated) key.Dispose();
            _generated.Clear();
        }
    }
}
