using System.Net;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Rein.Core.Configuration;
using Rein.Core.Hosting;
using Rein.Core.Keys;
using Rein.Core.Registry;
using Rein.Core.Storage;
using Rein.Core.Tokens;
using Rein.Core.Transactions;

namespace Rein.Benchmarks;

/// <summary>
/// What the gateway adds to every forwarded call to give the upstream a transaction token: build the request from the
/// validated access token, format the client address, and <see cref="TransactionTokenIssuer.TryIssue"/> (key lookup,
/// claims written straight to UTF-8 by <see cref="Rein.Jose.JwtWriter"/>, base64url, one ES256 signature). Baseline: one
/// ES256 signature with raw <see cref="ECDsa"/> over a signing input of the same length. Goal: ≤ 1.10 × the baseline.
/// The issuer is the real one, over a real key ring on a throw-away SQLite store (read only at setup).
/// </summary>
[MemoryDiagnoser]
public class TransactionTokenBenchmarks : IDisposable
{
    private const string Issuer = "http://127.0.0.1:5080";
    private const string TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private readonly IPAddress _client = IPAddress.Parse("::ffff:10.1.2.3");
    private string _dataDirectory = null!;
    private KeyRing _ring = null!;
    private TransactionKeyRing _transactionKeys = null!;
    private TransactionTokenIssuer _issuer = null!;
    private AccessToken _token = null!;
    private AccessToken _delegated = null!;
    private ECDsa _rawKey = null!;
    private byte[] _signingInput = null!;
    private readonly byte[] _signature = new byte[64];

    [GlobalSetup]
    public void Setup()
    {
        _dataDirectory = Directory.CreateTempSubdirectory("rein-bench-txn-").FullName;
        var store = new StoreContextFactory(StoreOptions.Resolve(null, _dataDirectory));
        StoreInitializer.InitializeAsync(store, TimeProvider.System, CancellationToken.None).GetAwaiter().GetResult();
        _ring = new KeyRing(store, new Lazy<KeyProtector>(new KeyProtector(MasterKey.FromBytes(RandomNumberGenerator.GetBytes(32)))), new KeyRingOptions(), TimeProvider.System);
        _ring.EnsureKeysAsync(["ES256"], CancellationToken.None).GetAwaiter().GetResult();
        _transactionKeys = new TransactionKeyRing(_ring, store, TimeProvider.System);
        var identity = new IssuerIdentity();
        identity.Set(Issuer);
        _issuer = new TransactionTokenIssuer(_transactionKeys, identity, new ReinRegistry(ReinConfig.Empty), TimeProvider.System);

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        _token = new AccessToken
        {
            Subject = "triage-bot", ClientId = "triage-bot", Audience = "https://tickets.example.internal", Scope = "tickets.read tickets.write",
            JwtId = "3q2-7wEAAAAAAAAAAAAAAA", SessionId = "AAAAAAAAAAAAAAAAAAAAAA", IssuedAt = now, ExpiresAt = now + 300,
            ConfirmationThumbprint = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I",
        };
        _delegated = new AccessToken
        {
            Subject = "alice", ClientId = "triage-bot", Audience = "https://tickets.example.internal", Scope = "tickets.read",
            JwtId = "3q2-7wEAAAAAAAAAAAAAAA", SessionId = "AAAAAAAAAAAAAAAAAAAAAA", IssuedAt = now, ExpiresAt = now + 120,
            ConfirmationThumbprint = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I",
            ActorJson = """{"sub":"triage-bot","act":{"sub":"planner-bot"}}""", Actors = ["triage-bot", "planner-bot"],
            UserIssuer = "https://idp.example.com", GrantId = "grant-42", ApprovalId = "approval-7",
        };

        // The baseline signs exactly as many bytes as a real transaction token's signing input.
        if (!_issuer.TryIssue(Request(_token), out var sample)) throw new InvalidOperationException("no signing key");
        _signingInput = Encoding.ASCII.GetBytes(sample.Token[..sample.Token.LastIndexOf('.')]);
        _rawKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    }

    /// <summary>What <c>GatewayEnforcement</c> builds per call (its private IssueTransactionToken, line for line).</summary>
    private TransactionTokenRequest Request(AccessToken token) => TransactionTokenRequest.For(
        token, TraceParent.Substring(3, 49), "tickets", "tickets.read", "tickets.read", Issuer, ClientAddress.Format(_client), "dpop");

    [Benchmark(Baseline = true, Description = "ES256 sign (raw ECDsa, same input length)")]
    public bool ES256_Sign() => _rawKey.TrySignData(_signingInput, _signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out _);

    [Benchmark(Description = "txn token per gateway call")]
    public string Mint() => _issuer.TryIssue(Request(_token), out var issued) ? issued.Token : throw new InvalidOperationException();

    [Benchmark(Description = "txn token per gateway call, delegated (user, 2-hop act, grant, approval)")]
    public string Mint_Delegated() => _issuer.TryIssue(Request(_delegated), out var issued) ? issued.Token : throw new InvalidOperationException();

    [GlobalCleanup]
    public void Dispose()
    {
        _rawKey?.Dispose();
        _transactionKeys?.Dispose();
        _ring?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
        GC.SuppressFinalize(this);
    }
}
