using System.Collections.Frozen;
using System.Text;
using BenchmarkDotNet.Attributes;
using Rein.Bench.Shared;
using Rein.Jose;
using Rein.Jose.DPoP;

namespace Rein.Benchmarks;

/// <summary>
/// The broker's token path for client credentials + private_key_jwt + DPoP, piece by piece and whole, against its
/// crypto floor (2 ES256 verifies + 1 ES256 sign with raw <see cref="System.Security.Cryptography.ECDsa"/>), the
/// baseline: the Ratio column is each benchmark's time over the floor's.
/// </summary>
[MemoryDiagnoser]
public class TokenPathBenchmarks
{
    private const string Issuer = "http://127.0.0.1:5080";

    // The options ClientAuthenticator uses for private_key_jwt (it keeps its own copy private).
    private static readonly JwsReadOptions s_assertionOptions = new()
    {
        Algorithms = new[] { "ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512" }.ToFrozenSet(StringComparer.Ordinal),
        AcceptedTypes = ["JWT", "client-authentication+jwt"],
        MaxTokenLength = 16 * 1024,
    };

    private CryptoFloor _floor = null!;
    private SigningKey _agentKey = null!;
    private SigningKey _dpopKey = null!;
    private SigningKey _issuerKey = null!;
    private JsonWebKeySet _agentJwks = null!;
    private string _assertion = null!;
    private DPoPProofValidator _dpopValidator = null!;
    private DPoPNonces _nonces = null!;
    private Uri _tokenEndpoint = null!;
    private string[] _proofs = [];
    private byte[][] _bodies = [];
    private int _next;
    private InProcessTokenEndpoint? _endpoint;

    [GlobalSetup]
    public void Setup()
    {
        _floor = new CryptoFloor();
        _agentKey = SigningKey.Generate(JwsAlgorithms.ES256, "bench-agent-1");
        _dpopKey = SigningKey.Generate(JwsAlgorithms.ES256, "dpop");
        _issuerKey = SigningKey.Generate(JwsAlgorithms.ES256, "es256-bench");
        _agentJwks = JsonWebKeySet.Create([_agentKey.PublicJwk]);
        _tokenEndpoint = new Uri(Issuer + TokenRequestParts.TokenPath);
        _assertion = TokenRequestParts.ClientAssertion(_agentKey, "bench-agent", Issuer, DateTimeOffset.UtcNow);
        _nonces = new DPoPNonces(Encoding.ASCII.GetBytes("rein-bench-nonce-secret-32-bytes!"), TimeProvider.System, TimeSpan.FromMinutes(2));
        _dpopValidator = new DPoPProofValidator(new DPoPOptions(), new ReplayCache(TimeProvider.System), TimeProvider.System);
    }

    [GlobalSetup(Target = nameof(DPoPProofValidator_Validate))]
    public void SetupDPoP()
    {
        Setup();
        var now = DateTimeOffset.UtcNow;
        string nonce = _nonces.Current();
        _proofs = new string[BenchmarkConfig.PoolSize];
        Parallel.For(0, _proofs.Length, i => _proofs[i] = TokenRequestParts.Proof(_dpopKey, _tokenEndpoint, nonce, now));
        _next = 0;
    }

    [GlobalSetup(Target = nameof(TokenEndpoint_InProcess))]
    public void SetupEndpoint()
    {
        Setup();
        _endpoint = InProcessTokenEndpoint.StartAsync(_agentKey).GetAwaiter().GetResult();
        var now = DateTimeOffset.UtcNow;
        string nonce = _endpoint.CurrentNonce();
        Uri tokenEndpoint = _endpoint.TokenEndpoint;
        string issuer = _endpoint.Issuer;
        _proofs = new string[BenchmarkConfig.PoolSize];
        _bodies = new byte[BenchmarkConfig.PoolSize][];
        Parallel.For(0, _proofs.Length, i =>
        {
            _proofs[i] = TokenRequestParts.Proof(_dpopKey, tokenEndpoint, nonce, now);
            string assertion = TokenRequestParts.ClientAssertion(_agentKey, InProcessTokenEndpoint.ClientId, issuer, now);
            _bodies[i] = Encoding.ASCII.GetBytes(TokenRequestParts.FormBody(
                InProcessTokenEndpoint.ClientId, assertion, InProcessTokenEndpoint.Resource, InProcessTokenEndpoint.Scope));
        });
        _next = 0;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _endpoint?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _endpoint = null;
        _floor.Dispose();
        _agentKey.Dispose();
        _dpopKey.Dispose();
        _issuerKey.Dispose();
    }

    [Benchmark(Baseline = true)]
    public bool CryptoFloor() => _floor.Run();

    [Benchmark]
    public bool JwsReader_ClientAssertion()
    {
        JwsReadResult result = JwsReader.Read(_assertion, s_assertionOptions, _agentJwks.Resolve);
        return result.IsValid ? true : throw new InvalidOperationException(result.ErrorDescription);
    }

    [Benchmark]
    public string DPoPProofValidator_Validate()
    {
        DPoPResult result = _dpopValidator.Validate(NextProof(), "POST", _tokenEndpoint, accessToken: null, _nonces);
        return result.IsValid ? result.Thumbprint! : throw new InvalidOperationException(result.Description);
    }

    [Benchmark]
    public string JwtWriter_AccessToken() =>
        AccessTokenShape.Write(_issuerKey, Issuer, "bench-agent", "https://bench.tool.internal", "bench.read",
            "AAAAAAAAAAAAAAAAAAAAAA", _dpopKey.PublicJwk.Thumbprint, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 300);

    [Benchmark]
    public async Task<int> TokenEndpoint_InProcess()
    {
        int i = _next++;
        if (i >= _proofs.Length)
        {
            throw new InvalidOperationException("The pool of single-use requests is exhausted; raise BenchmarkConfig.PoolSize.");
        }

        int status = await _endpoint!.SendAsync(_proofs[i], _bodies[i]).ConfigureAwait(false);
        return status == 200 ? status : throw new InvalidOperationException($"The token endpoint answered {status}.");
    }

    private string NextProof()
    {
        int i = _next++;
        return i < _proofs.Length
            ? _proofs[i]
            : throw new InvalidOperationException("The pool of single-use proofs is exhausted; raise BenchmarkConfig.PoolSize.");
    }
}
