using System.Text;
using BenchmarkDotNet.Attributes;
using Rein.Bench.Shared;
using Rein.Jose;

namespace Rein.Benchmarks;

/// <summary>
/// Token exchange (RFC 8693, an agent acting for a person) against plain client-credentials issuance, the baseline,
/// through the same in-process token endpoint in the same run: the Ratio column is each exchange's time over client
/// credentials'. Every request is fresh (its own client assertion and DPoP proof, both single-use); the person's IdP
/// token is the same across requests, as an agent holds it for a session (verified once, then served from the
/// broker's subject-token cache with the person's revocation re-checked). Two IdPs: RS256 (3072-bit, as most IdPs
/// sign) and ES256. <see cref="ExchangeCpuComparison"/> also measures a fresh person token per request.
/// </summary>
[MemoryDiagnoser]
public class TokenExchangeBenchmarks
{
    private const string RsIdp = "https://idp-rs256.bench.internal";
    private const string EsIdp = "https://idp-es256.bench.internal";

    private SigningKey _agentKey = null!;
    private SigningKey _dpopKey = null!;
    private SigningKey _rsIdpKey = null!;
    private SigningKey _esIdpKey = null!;
    private InProcessTokenEndpoint _endpoint = null!;
    private string[] _proofs = [];
    private byte[][] _bodies = [];
    private int _next;

    /// <summary>Starts Rein and fills the pool of single-use requests whose form body <paramref name="body"/> makes from an assertion.</summary>
    private void Start(Func<TokenExchangeBenchmarks, Func<string, string>> body)
    {
        _agentKey = SigningKey.Generate(JwsAlgorithms.ES256, "bench-agent-1");
        _dpopKey = SigningKey.Generate(JwsAlgorithms.ES256, "dpop");
        _rsIdpKey = SigningKey.Generate(JwsAlgorithms.RS256, "idp-rs-1");
        _esIdpKey = SigningKey.Generate(JwsAlgorithms.ES256, "idp-es-1");
        _endpoint = InProcessTokenEndpoint.StartAsync(_agentKey, new Dictionary<string, SigningKey>
        {
            [RsIdp] = _rsIdpKey,
            [EsIdp] = _esIdpKey,
        }).GetAwaiter().GetResult();
        var now = DateTimeOffset.UtcNow;
        string nonce = _endpoint.CurrentNonce();
        Uri tokenEndpoint = _endpoint.TokenEndpoint;
        string issuer = _endpoint.Issuer;
        var makeBody = body(this);
        _proofs = new string[BenchmarkConfig.PoolSize];
        _bodies = new byte[BenchmarkConfig.PoolSize][];
        Parallel.For(0, _proofs.Length, i =>
        {
            _proofs[i] = TokenRequestParts.Proof(_dpopKey, tokenEndpoint, nonce, now);
            _bodies[i] = Encoding.ASCII.GetBytes(makeBody(TokenRequestParts.ClientAssertion(_agentKey, InProcessTokenEndpoint.ClientId, issuer, now)));
        });
        _next = 0;
    }

    private static Func<string, string> ClientCredentialsBody() => assertion =>
        TokenRequestParts.FormBody(InProcessTokenEndpoint.ClientId, assertion, InProcessTokenEndpoint.Resource, InProcessTokenEndpoint.Scope);

    private static Func<string, string> ExchangeBody(string idp, SigningKey idpKey)
    {
        var personToken = ExchangeRequestParts.PersonToken(idpKey, idp, InProcessTokenEndpoint.Person, InProcessTokenEndpoint.IdpAudience, DateTimeOffset.UtcNow);
        return assertion => ExchangeRequestParts.FormBody(InProcessTokenEndpoint.ClientId, assertion, personToken,
            InProcessTokenEndpoint.Resource, InProcessTokenEndpoint.Scope);
    }

    [GlobalSetup(Target = nameof(ClientCredentials))]
    public void SetupClientCredentials() => Start(_ => ClientCredentialsBody());

    [GlobalSetup(Target = nameof(TokenExchange_RS256Idp))]
    public void SetupRs() => Start(b => ExchangeBody(RsIdp, b._rsIdpKey));

    [GlobalSetup(Target = nameof(TokenExchange_ES256Idp))]
    public void SetupEs() => Start(b => ExchangeBody(EsIdp, b._esIdpKey));

    [GlobalCleanup]
    public void Cleanup()
    {
        _endpoint.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _agentKey.Dispose();
        _dpopKey.Dispose();
        _rsIdpKey.Dispose();
        _esIdpKey.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task<int> ClientCredentials() => SendNextAsync();

    [Benchmark]
    public Task<int> TokenExchange_RS256Idp() => SendNextAsync();

    [Benchmark]
    public Task<int> TokenExchange_ES256Idp() => SendNextAsync();

    private async Task<int> SendNextAsync()
    {
        int i = _next++;
        if (i >= _proofs.Length)
        {
            throw new InvalidOperationException("The pool of single-use requests is exhausted; raise BenchmarkConfig.PoolSize.");
        }

        int status = await _endpoint.SendAsync(_proofs[i], _bodies[i]).ConfigureAwait(false);
        return status == 200 ? status : throw new InvalidOperationException($"The token endpoint answered {status}.");
    }
}
