using System.Buffers;
using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rein.Core.Storage;
using Rein.Jose;

namespace Rein.Core.Keys;

/// <summary>
/// The issuer's signing keys. Tokens are signed with the newest active key for their algorithm; the JWKS publishes
/// every key that is about to sign, signs, or signed a token that may still be alive. Reads are lock-free.
/// </summary>
public sealed class KeyRing(IDbContextFactory<ReinDbContext> dbFactory, Lazy<KeyProtector> protector, KeyRingOptions options, TimeProvider time,
    Events.ReinEventHub? events = null) : IDisposable
{
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private readonly Dictionary<string, SigningKey> _loaded = new(StringComparer.Ordinal);
    private volatile KeyRingSnapshot _snapshot = KeyRingSnapshot.Empty;

    // The rows behind the current snapshot, so a key that activates or ages out is handled without the store.
    private List<SigningKeyEntity> _lastRows = [];
    private long _lastUnknownKidRefresh;

    public KeyRingOptions Options => options;

    /// <summary>The key that signs new tokens of <paramref name="algorithm"/>, or null when none is active.</summary>
    public SigningKey? GetSigningKey(string algorithm)
    {
        var snapshot = CurrentSnapshot();
        return snapshot.SigningByAlgorithm.GetValueOrDefault(algorithm);
    }

    /// <summary>Resolves a published key for verifying a token this issuer signed.</summary>
    public VerificationKey? Resolve(string? kid, string algorithm)
    {
        if (kid is null) return null;
        var key = CurrentSnapshot().PublishedByKid.GetValueOrDefault(kid);
        if (key is null) RefreshSoon();
        return key is not null && key.IsCompatibleWith(algorithm) ? key : null;
    }

    /// <summary>
    /// An unknown kid may be a key another instance just introduced: re-read the store in the background, at most
    /// once per <see cref="KeyRingOptions.UnknownKidRefreshInterval"/>, so made-up kids cannot hammer the store.
    /// </summary>
    private void RefreshSoon()
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastUnknownKidRefresh);
        if (last != 0 && time.GetElapsedTime(last, now) < options.UnknownKidRefreshInterval) return;
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

    /// <summary>The JWKS document (RFC 7517), serialized once per change.</summary>
    public ReadOnlyMemory<byte> JwksDocument => CurrentSnapshot().JwksDocument;

    /// <summary>Makes sure every algorithm in <paramref name="algorithms"/> has a key that signs now.</summary>
    public async Task EnsureKeysAsync(IEnumerable<string> algorithms, CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var algorithm in algorithms.Distinct(StringComparer.Ordinal))
            {
                var hasActive = await db.SigningKeys.AnyAsync(
                    k => k.Algorithm == algorithm && k.RetiredAt == null && k.ActivatesAt <= now, cancellationToken).ConfigureAwait(false);
                if (!hasActive)
                {
                    // Note: a first key signs at once; there is no earlier key whose tokens a relying party could be verifying.
                    db.SigningKeys.Add(CreateEntity(algorithm, now, now));
                }
            }
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Introduces a new key for <paramref name="algorithm"/>. It is published now and signs after
    /// <see cref="KeyRingOptions.PublishLead"/> (or at once when <paramref name="immediate"/>, for a compromised key);
    /// the key it replaces stays published for <see cref="KeyRingOptions.RetiredRetention"/> after it stops signing.
    /// </summary>
    public async Task<RotationResult> RotateAsync(string algorithm, bool immediate, CancellationToken cancellationToken)
    {
        if (!options.SignsTokens) throw new InvalidOperationException("A verify-only instance cannot create signing keys.");
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var activatesAt = immediate ? now : now + (long)options.PublishLead.TotalMilliseconds;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            var current = await db.SigningKeys.Where(k => k.Algorithm == algorithm && k.RetiredAt == null)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var key in current)
            {
                key.RetiredAt = Math.Max(activatesAt, key.ActivatesAt);
            }
            var entity = CreateEntity(algorithm, now, activatesAt);
            db.SigningKeys.Add(entity);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
            var result = new RotationResult(entity.KeyId, algorithm, DateTimeOffset.FromUnixTimeMilliseconds(activatesAt),
                current.Select(k => k.KeyId).ToArray());
            if (events is { HasSubscribers: true })
            {
                await events.PublishAsync(new Events.SigningKeyRotated
                {
                    KeyId = result.KeyId, Algorithm = algorithm, ActivatesAt = result.ActivatesAt, RetiredKeyIds = result.RetiredKeyIds,
                    Reason = immediate ? "signing key replaced at once" : "scheduled signing key rotation", Time = time.GetUtcNow(),
                }, cancellationToken).ConfigureAwait(false);
            }
            return result;
        }
    }

    /// <summary>Re-reads the store and swaps in a new snapshot.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var retention = (long)options.RetiredRetention.TotalMilliseconds;
            List<SigningKeyEntity> rows;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
            {
                var oldest = now - retention;
                rows = await db.SigningKeys.AsNoTracking()
                    .Where(k => k.RetiredAt == null || k.RetiredAt > oldest)
                    .ToListAsync(cancellationToken).ConfigureAwait(false);
            }
            _snapshot = Build(rows, now, retention);
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    private KeyRingSnapshot CurrentSnapshot()
    {
        var snapshot = _snapshot;
        if (time.GetUtcNow().ToUnixTimeMilliseconds() >= snapshot.NextChangeAt)
        {
            // A key activated or aged out since the last build; rebuild from what is loaded, without the store.
            snapshot = RebuildFromLoaded();
        }
        return snapshot;
    }

    private KeyRingSnapshot RebuildFromLoaded()
    {
        _refreshLock.Wait();
        try
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            if (now < _snapshot.NextChangeAt) return _snapshot;
            var rows = _lastRows;
            _snapshot = Build(rows, now, (long)options.RetiredRetention.TotalMilliseconds);
            return _snapshot;
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    private KeyRingSnapshot Build(List<SigningKeyEntity> rows, long now, long retention)
    {
        _lastRows = rows;
        var signing = new Dictionary<string, (SigningKey Key, long ActivatesAt)>(StringComparer.Ordinal);
        var published = new Dictionary<string, VerificationKey>(StringComparer.Ordinal);
        var nextChange = long.MaxValue;
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            foreach (var row in rows.OrderBy(r => r.CreatedAt))
            {
                var dropsAt = row.RetiredAt is { } retired ? retired + retention : long.MaxValue;
                if (dropsAt <= now) continue;
                nextChange = Math.Min(nextChange, dropsAt);
                var publicJwk = options.SignsTokens ? LoadKey(row).PublicJwk : LoadPublicKey(row);
                published[row.KeyId] = publicJwk.ToVerificationKey();
                publicJwk.WritePublicJwk(writer);

                var signs = row.ActivatesAt <= now && (row.RetiredAt is null || row.RetiredAt > now);
                if (row.ActivatesAt > now) nextChange = Math.Min(nextChange, row.ActivatesAt);
                if (row.RetiredAt is { } r && r > now) nextChange = Math.Min(nextChange, r);
                if (signs && options.SignsTokens && (!signing.TryGetValue(row.Algorithm, out var existing) || existing.ActivatesAt < row.ActivatesAt))
                {
                    signing[row.Algorithm] = (LoadKey(row), row.ActivatesAt);
                }
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return new KeyRingSnapshot(
            signing.ToFrozenDictionary(p => p.Key, p => p.Value.Key, StringComparer.Ordinal),
            published.ToFrozenDictionary(StringComparer.Ordinal),
            buffer.WrittenSpan.ToArray(),
            nextChange);
    }

    /// <summary>A verify-only instance (a gateway without the broker role) reads public keys and never the master key.</summary>
    private static JsonWebKey LoadPublicKey(SigningKeyEntity row) =>
        JsonWebKey.TryParse(System.Text.Encoding.UTF8.GetBytes(row.PublicJwk), out var jwk, out var error)
            ? jwk!
            : throw new InvalidOperationException($"Stored public key {row.KeyId} is unreadable: {error}");

    private SigningKey LoadKey(SigningKeyEntity row)
    {
        if (_loaded.TryGetValue(row.KeyId, out var cached)) return cached;
        var privateJwk = protector.Value.Unprotect(row.ProtectedPrivateKey, row.KeyId);
        try
        {
            if (!JsonWebKey.TryParse(privateJwk, out var jwk, out var error))
            {
                throw new InvalidOperationException($"Stored signing key {row.KeyId} is unreadable: {error}");
            }
            var key = SigningKey.FromPrivateJwk(jwk!, row.Algorithm, row.KeyId);
            _loaded[row.KeyId] = key;
            return key;
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(privateJwk);
        }
    }

    private SigningKeyEntity CreateEntity(string algorithm, long now, long activatesAt)
    {
        var kid = NewKeyId(algorithm, now);
        using var key = SigningKey.Generate(algorithm, kid);
        var privateJwk = key.ExportPrivateJwk();
        try
        {
            var publicBuffer = new ArrayBufferWriter<byte>(512);
            using (var writer = new Utf8JsonWriter(publicBuffer))
            {
                key.PublicJwk.WritePublicJwk(writer);
            }
            return new SigningKeyEntity
            {
                KeyId = kid,
                Algorithm = algorithm,
                ProtectedPrivateKey = protector.Value.Protect(privateJwk, kid),
                PublicJwk = System.Text.Encoding.UTF8.GetString(publicBuffer.WrittenSpan),
                CreatedAt = now,
                ActivatesAt = activatesAt,
            };
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(privateJwk);
        }
    }

    private static string NewKeyId(string algorithm, long now)
    {
        Span<byte> random = stackalloc byte[6];
        System.Security.Cryptography.RandomNumberGenerator.Fill(random);
        return $"{algorithm.ToLowerInvariant()}-{DateTimeOffset.FromUnixTimeMilliseconds(now):yyyyMMdd}-{Convert.ToHexStringLower(random)}";
    }

    public void Dispose()
    {
        foreach (var key in _loaded.Values) key.Dispose();
        _refreshLock.Dispose();
    }
}
