using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Rein.Core.Configuration;
using Rein.Core.Hosting;
using Rein.Core.Keys;
using Rein.Core.Registry;
using Rein.Core.Storage;
using Rein.Core.Tests.Storage;
using Rein.Core.Transactions;
using Rein.Jose;

namespace Rein.Core.Tests.Transactions;

/// <summary>
/// Who signs transaction tokens: the key ring where this instance holds it, otherwise an instance key of its own that
/// every instance publishes in the transaction-token JWKS — and never in the access-token JWKS.
/// </summary>
public sealed class TransactionKeyRingTests
{
    private const string Issuer = "https://rein.example.com";
    private static readonly KeyRingOptions Signing = new() { PublishLead = TimeSpan.FromMinutes(5), RetiredRetention = TimeSpan.FromMinutes(16) };
    private static readonly KeyRingOptions VerifyOnly = Signing with { SignsTokens = false };

    private sealed record Instance(KeyRing Ring, TransactionKeyRing Transactions) : IDisposable
    {
        public void Dispose()
        {
            Transactions.Dispose();
            Ring.Dispose();
        }
    }

    private static async Task<Instance> BrokerAsync(TestStore store, TimeProvider time)
    {
        await StoreInitializer.InitializeAsync(store.Factory, time, CancellationToken.None);
        var ring = new KeyRing(store.Factory, new Lazy<KeyProtector>(new KeyProtector(MasterKey.FromBytes(RandomNumberGenerator.GetBytes(32)))), Signing, time);
        await ring.EnsureKeysAsync(["ES256", "RS256"], CancellationToken.None);
        var transactions = new TransactionKeyRing(ring, store.Factory, time);
        await transactions.RefreshAsync(CancellationToken.None);
        return new Instance(ring, transactions);
    }

    /// <summary>A gateway-only instance: it cannot open the master key, and does not try.</summary>
    private static async Task<Instance> GatewayAsync(TestStore store, TimeProvider time)
    {
        await StoreInitializer.InitializeAsync(store.Factory, time, CancellationToken.None);
        var ring = new KeyRing(store.Factory, new Lazy<KeyProtector>(() => throw new InvalidOperationException("a gateway has no master key")), VerifyOnly, time);
        await ring.RefreshAsync(CancellationToken.None);
        var transactions = new TransactionKeyRing(ring, store.Factory, time);
        await transactions.RefreshAsync(CancellationToken.None);
        return new Instance(ring, transactions);
    }

    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    private static JsonWebKeySet Jwks(ReadOnlyMemory<byte> document) =>
        JsonWebKeySet.TryParse(document.Span, requirePublicKeys: true, out var set, out var error) ? set : throw new InvalidOperationException(error);

    private static TransactionTokenValidator ValidatorFor(JsonWebKeySet keys, TimeProvider time, string trustDomain = Issuer) => new(new TransactionTokenValidatorOptions
    {
        TrustDomain = trustDomain,
        Keys = keys.Resolve,
        Time = time,
    });

    private static TransactionTokenIssuer Issuer_(TransactionKeyRing keys, TimeProvider time, TransactionTokenConfig? config = null)
    {
        var identity = new IssuerIdentity();
        identity.Set(Issuer);
        return new TransactionTokenIssuer(keys, identity, new ReinRegistry(new ReinConfig { TransactionTokens = config ?? TransactionTokenConfig.Default }), time);
    }

    private static TransactionTokenRequest Request() => new()
    {
        TransactionId = "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
        Subject = "triage-bot",
        Scope = "tickets.read",
        RequestingWorkload = "https://gateway.example.com",
        Tool = "tickets",
        Action = "tickets.read",
        Agent = "triage-bot",
    };

    [Theory, StoreProviders]
    public async Task Broker_SignsWithTheRingsES256Key_PublishedInBothJwks(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var time = Clock();
        using var broker = await BrokerAsync(store, time);

        var key = broker.Transactions.GetSigningKey();

        Assert.NotNull(key);
        Assert.Equal(broker.Ring.GetSigningKey("ES256")!.KeyId, key.KeyId);
        var txnJwks = Jwks(broker.Transactions.JwksDocument);
        Assert.Equal([key.KeyId], txnJwks.Keys.Select(k => k.KeyId));
        Assert.Contains(key.KeyId, Jwks(broker.Ring.JwksDocument).Keys.Select(k => k.KeyId));
    }

    [Theory, StoreProviders]
    public async Task Issuer_DefaultConfig_MintsSixtySecondTokenForTheIssuersTrustDomain(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var time = Clock();
        using var broker = await BrokerAsync(store, time);

        Assert.True(Issuer_(broker.Transactions, time).TryIssue(Request(), out var issued));
        var result = ValidatorFor(Jwks(broker.Transactions.JwksDocument), time).Validate(issued.Token);

        Assert.True(result.IsValid, result.ErrorDescription);
        Assert.Equal(Issuer, result.Token!.Audience);
        Assert.Equal(Issuer, result.Token.Issuer);
        Assert.Equal(time.GetUtcNow(), result.Token.IssuedAt);
        Assert.Equal(60, issued.Lifetime);
        Assert.Equal(time.GetUtcNow().AddSeconds(60), result.Token.ExpiresAt);
        Assert.DoesNotContain(issued.Token, issued.ToString(), StringComparison.Ordinal);
    }

    [Theory, StoreProviders]
    public async Task Issuer_ConfiguredTrustDomainAndLifetime_AreUsed(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var time = Clock();
        using var broker = await BrokerAsync(store, time);
        var issuer = Issuer_(broker.Transactions, time, new TransactionTokenConfig { TrustDomain = "trust-domain.example", Lifetime = TimeSpan.FromSeconds(20) });

        Assert.True(issuer.TryIssue(Request(), out var issued));

        Assert.Equal("trust-domain.example", issuer.TrustDomain);
        Assert.Equal(20, issued.Lifetime);
        Assert.True(ValidatorFor(Jwks(broker.Transactions.JwksDocument), time, "trust-domain.example").Validate(issued.Token).IsValid);
        Assert.Equal(TransactionTokenError.InvalidClaims, ValidatorFor(Jwks(broker.Transactions.JwksDocument), time).Validate(issued.Token).Error);
    }

    [Theory, StoreProviders]
    public async Task Gateway_WithoutTheRing_SignsWithAnInstanceKeyEveryInstancePublishes(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var time = Clock();
        using var broker = await BrokerAsync(store, time);
        using var gateway = await GatewayAsync(store, time);
        Assert.Null(gateway.Transactions.GetSigningKey());

        await gateway.Transactions.StartInstanceKeyAsync(CancellationToken.None);
        await broker.Transactions.RefreshAsync(CancellationToken.None);

        var key = gateway.Transactions.GetSigningKey();
        Assert.NotNull(key);
        Assert.StartsWith("txn-", key.KeyId, StringComparison.Ordinal);
        Assert.Contains(key.KeyId, Jwks(gateway.Transactions.JwksDocument).Keys.Select(k => k.KeyId));
        Assert.Contains(key.KeyId, Jwks(broker.Transactions.JwksDocument).Keys.Select(k => k.KeyId));
        Assert.True(Issuer_(gateway.Transactions, time).TryIssue(Request(), out var issued));
        Assert.True(ValidatorFor(Jwks(broker.Transactions.JwksDocument), time).Validate(issued.Token).IsValid);
        await using var db = store.Factory.CreateDbContext();
        var row = await db.TransactionKeys.SingleAsync();
        Assert.Equal(key.KeyId, row.KeyId);
        Assert.DoesNotContain("\"d\"", row.PublicJwk, StringComparison.Ordinal);
    }

    [Theory, StoreProviders]
    public async Task Gateway_InstanceKey_IsNeverAnAccessTokenKey(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var time = Clock();
        using var broker = await BrokerAsync(store, time);
        using var gateway = await GatewayAsync(store, time);
        await gateway.Transactions.StartInstanceKeyAsync(CancellationToken.None);
        await broker.Ring.RefreshAsync(CancellationToken.None);
        await gateway.Ring.RefreshAsync(CancellationToken.None);
        var kid = gateway.Transactions.GetSigningKey()!.KeyId;

        Assert.DoesNotContain(kid, Jwks(broker.Ring.JwksDocument).Keys.Select(k => k.KeyId));
        Assert.Null(broker.Ring.Resolve(kid, "ES256"));
        Assert.Null(gateway.Ring.Resolve(kid, "ES256"));
        Assert.Null(gateway.Ring.GetSigningKey("ES256"));
    }

    [Theory, StoreProviders]
    public async Task Gateway_InstanceKeyRotation_SuccessorPublishedALeadBeforeItSigns(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var time = Clock();
        using var gateway = await GatewayAsync(store, time);
        await gateway.Transactions.StartInstanceKeyAsync(CancellationToken.None);
        var first = gateway.Transactions.GetSigningKey()!.KeyId;

        time.Advance(TransactionKeyRing.InstanceKeyPeriod - TimeSpan.FromMinutes(11));
        await gateway.Transactions.RotateInstanceKeyAsync(CancellationToken.None);
        Assert.Single(Jwks(gateway.Transactions.JwksDocument).Keys);

        time.Advance(TimeSpan.FromMinutes(1));
        await gateway.Transactions.RotateInstanceKeyAsync(CancellationToken.None);
        var published = Jwks(gateway.Transactions.JwksDocument).Keys.Select(k => k.KeyId).ToList();
        Assert.Equal(2, published.Count);
        Assert.Equal(first, gateway.Transactions.GetSigningKey()!.KeyId);

        time.Advance(TimeSpan.FromMinutes(5));
        var second = gateway.Transactions.GetSigningKey()!.KeyId;
        Assert.NotEqual(first, second);
        Assert.Contains(second, published);

        // The first key stays published while tokens it signed can be valid, then goes.
        await gateway.Transactions.RefreshAsync(CancellationToken.None);
        Assert.Contains(first, Jwks(gateway.Transactions.JwksDocument).Keys.Select(k => k.KeyId));
        time.Advance(TimeSpan.FromMinutes(5) + TransactionKeyRing.Retention);
        await gateway.Transactions.RefreshAsync(CancellationToken.None);
        Assert.Equal([second], Jwks(gateway.Transactions.JwksDocument).Keys.Select(k => k.KeyId));
    }

    [Theory, StoreProviders]
    public async Task Gateway_SuccessorNeverPublished_StopsSigningWhenItsKeysPeriodEnds(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var time = Clock();
        using var gateway = await GatewayAsync(store, time);
        await gateway.Transactions.StartInstanceKeyAsync(CancellationToken.None);

        time.Advance(TransactionKeyRing.InstanceKeyPeriod - TimeSpan.FromSeconds(1));
        Assert.NotNull(gateway.Transactions.GetSigningKey());
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(gateway.Transactions.GetSigningKey());
        Assert.False(Issuer_(gateway.Transactions, time).TryIssue(Request(), out _));
    }

    [Theory, StoreProviders]
    public async Task Gateway_Retire_KeepsKeyOnlyAsLongAsItsTokensAndWithdrawsAnUnusedSuccessor(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var time = Clock();
        using var gateway = await GatewayAsync(store, time);
        await gateway.Transactions.StartInstanceKeyAsync(CancellationToken.None);
        var current = gateway.Transactions.GetSigningKey()!.KeyId;
        time.Advance(TransactionKeyRing.InstanceKeyPeriod - TimeSpan.FromMinutes(10));
        await gateway.Transactions.RotateInstanceKeyAsync(CancellationToken.None);

        await gateway.Transactions.RetireInstanceKeyAsync(CancellationToken.None);

        await using var db = store.Factory.CreateDbContext();
        var row = await db.TransactionKeys.AsNoTracking().SingleAsync();
        Assert.Equal(current, row.KeyId);
        Assert.Equal((time.GetUtcNow() + TransactionKeyRing.Retention).ToUnixTimeMilliseconds(), row.NotAfter);
    }

    [Theory, StoreProviders]
    public async Task Resolve_OnlyES256KeysOfTheRingOrInstances(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var time = Clock();
        using var broker = await BrokerAsync(store, time);
        var rs256 = broker.Ring.GetSigningKey("RS256")!.KeyId;

        Assert.Null(broker.Transactions.Resolve(rs256, "RS256"));
        Assert.Null(broker.Transactions.Resolve(null, "ES256"));
        Assert.DoesNotContain(rs256, Jwks(broker.Transactions.JwksDocument).Keys.Select(k => k.KeyId));
        Assert.NotNull(broker.Transactions.Resolve(broker.Ring.GetSigningKey("ES256")!.KeyId, "ES256"));
    }

    [Theory, StoreProviders]
    public async Task Store_WrittenBeforeTransactionTokens_GainsTheirTableOnStart(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var time = Clock();
        await StoreInitializer.InitializeAsync(store.Factory, time, CancellationToken.None);
        await using (var db = store.Factory.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("DROP TABLE transaction_keys");
        }

        using var gateway = await GatewayAsync(store, time);
        await gateway.Transactions.StartInstanceKeyAsync(CancellationToken.None);

        await using (var db = store.Factory.CreateDbContext())
        {
            Assert.Equal(gateway.Transactions.GetSigningKey()!.KeyId, (await db.TransactionKeys.SingleAsync()).KeyId);
        }
    }
}
