using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Rein.Core.Keys;
using Rein.Core.Storage;

namespace Rein.Core.Tests.Storage;

public sealed class KeyRingTests
{
    private static readonly KeyRingOptions Options = new()
    {
        PublishLead = TimeSpan.FromMinutes(5),
        RetiredRetention = TimeSpan.FromMinutes(16),
    };

    private static async Task<(KeyRing Ring, FakeTimeProvider Time, MasterKey Master)> OpenAsync(TestStore store, FakeTimeProvider? time = null, MasterKey? master = null)
    {
        time ??= new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        master ??= MasterKey.FromBytes(RandomNumberGenerator.GetBytes(32));
        await StoreInitializer.InitializeAsync(store.Factory, time, CancellationToken.None);
        return (new KeyRing(store.Factory, new Lazy<KeyProtector>(new KeyProtector(master)), Options, time), time, master);
    }

    [Theory, StoreProviders]
    public async Task EnsureKeys_FirstStart_CreatesSigningKeyStoredEncrypted(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var (ring, _, _) = await OpenAsync(store);
        using var _ring = ring;

        await ring.EnsureKeysAsync(["ES256"], CancellationToken.None);

        var key = ring.GetSigningKey("ES256");
        Assert.NotNull(key);
        await using var db = store.Factory.CreateDbContext();
        var row = await db.SigningKeys.SingleAsync();
        Assert.Equal(key.KeyId, row.KeyId);
        var exported = Encoding.UTF8.GetString(key.ExportPrivateJwk());
        var d = System.Text.Json.JsonDocument.Parse(exported).RootElement.GetProperty("d").GetString()!;
        Assert.False(Contains(row.ProtectedPrivateKey, Encoding.UTF8.GetBytes(d)));
        Assert.DoesNotContain("\"d\"", row.PublicJwk, StringComparison.Ordinal);
    }

    [Theory, StoreProviders]
    public async Task Reopen_SameMasterKey_LoadsSameSigningKey(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var (first, time, master) = await OpenAsync(store);
        await first.EnsureKeysAsync(["ES256"], CancellationToken.None);
        var kid = first.GetSigningKey("ES256")!.KeyId;
        first.Dispose();

        var (second, _, _) = await OpenAsync(store, time, master);
        using var _second = second;
        await second.EnsureKeysAsync(["ES256"], CancellationToken.None);
        Assert.Equal(kid, second.GetSigningKey("ES256")!.KeyId);
    }

    [Theory, StoreProviders]
    public async Task Reopen_WrongMasterKey_RefusesToLoadKeys(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var (first, time, _) = await OpenAsync(store);
        await first.EnsureKeysAsync(["ES256"], CancellationToken.None);
        first.Dispose();

        var (second, _, _) = await OpenAsync(store, time, MasterKey.FromBytes(RandomNumberGenerator.GetBytes(32)));
        using var _second = second;
        await Assert.ThrowsAnyAsync<CryptographicException>(() => second.RefreshAsync(CancellationToken.None));
    }

    [Theory, StoreProviders]
    public async Task Rotate_NewKeyPublishedBeforeItSigns_OldKeyPublishedUntilItsTokensExpire(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var (ring, time, _) = await OpenAsync(store);
        using var _ring = ring;
        await ring.EnsureKeysAsync(["ES256"], CancellationToken.None);
        var oldKid = ring.GetSigningKey("ES256")!.KeyId;

        var rotation = await ring.RotateAsync("ES256", immediate: false, CancellationToken.None);

        Assert.Equal([oldKid], rotation.RetiredKeyIds);
        Assert.Equal(oldKid, ring.GetSigningKey("ES256")!.KeyId);
        Assert.Equal([oldKid, rotation.KeyId], PublishedKids(ring));

        time.Advance(Options.PublishLead);
        Assert.Equal(rotation.KeyId, ring.GetSigningKey("ES256")!.KeyId);
        Assert.Equal([oldKid, rotation.KeyId], PublishedKids(ring));
        Assert.NotNull(ring.Resolve(oldKid, "ES256"));

        time.Advance(Options.RetiredRetention);
        Assert.Equal([rotation.KeyId], PublishedKids(ring));
        Assert.Null(ring.Resolve(oldKid, "ES256"));
    }

    [Theory, StoreProviders]
    public async Task Rotate_Immediate_SignsAtOnce(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var (ring, _, _) = await OpenAsync(store);
        using var _ring = ring;
        await ring.EnsureKeysAsync(["ES256", "RS256"], CancellationToken.None);

        var rotation = await ring.RotateAsync("ES256", immediate: true, CancellationToken.None);

        Assert.Equal(rotation.KeyId, ring.GetSigningKey("ES256")!.KeyId);
        Assert.NotNull(ring.GetSigningKey("RS256"));
    }

    [Fact]
    public async Task Initialize_StoreFromNewerRein_Refuses()
    {
        await using var store = await TestStores.CreateAsync("sqlite");
        var time = TimeProvider.System;
        await StoreInitializer.InitializeAsync(store.Factory, time, CancellationToken.None);
        await using (var db = store.Factory.CreateDbContext())
        {
            db.SchemaVersions.Add(new SchemaVersionEntity { Version = StoreInitializer.CurrentVersion + 1 });
            await db.SaveChangesAsync();
        }
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StoreInitializer.InitializeAsync(store.Factory, time, CancellationToken.None));
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    private static string[] PublishedKids(KeyRing ring)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(ring.JwksDocument);
        return doc.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
