using System.Collections.Frozen;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Rein.Core.Revocation;
using Rein.Core.Tokens;

namespace Rein.Benchmarks;

/// <summary>
/// The gateway's per-request lookups (bench/run-gateway.sh): the revocation index with 100,000 entries (a hit and a
/// miss) and a validated-token cache hit, which includes hashing the token (SHA-256), as the gateway does per request.
/// Baseline: a <see cref="FrozenDictionary{TKey, TValue}"/> string lookup over the same number of keys.
/// </summary>
[Config(typeof(GatewayLookupConfig))]
public class GatewayLookupBenchmarks
{
    private const int Entries = 100_000;
    private readonly RevocationIndex _index = new();
    private FrozenDictionary<string, long> _frozen = null!;
    private ValidatedTokenCache _cache = null!;
    private string _token = null!;
    private ValidatedTokenCache.TokenHash _hash;
    private readonly long _issuedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    [GlobalSetup]
    public void Setup()
    {
        var until = DateTimeOffset.UtcNow.AddMinutes(15).ToUnixTimeMilliseconds();
        var plain = new Dictionary<string, long>(Entries);
        for (int i = 0; i < Entries; i++)
        {
            string jti = "jti-" + i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
            _index.Apply(new RevocationChange(new SubjectKey(SubjectKind.Token, jti),
                new RevocationEntry(DateTimeOffset.UtcNow.AddSeconds(5).ToUnixTimeMilliseconds(), until, false, default), i + 1));
            plain[jti] = i;
        }

        _frozen = plain.ToFrozenDictionary(StringComparer.Ordinal);
        _cache = new ValidatedTokenCache(TimeProvider.System);
        // A token of realistic length (an ES256 access token is ~600 characters).
        _token = "eyJ" + new string('a', 280) + "." + new string('b', 220) + "." + new string('c', 86);
        _hash = ValidatedTokenCache.TokenHash.Of(_token);
        _cache.Add(_hash, new AccessToken
        {
            Subject = "agent", ClientId = "agent", Audience = "https://tool", Scope = "items.read", JwtId = "jti-x",
            IssuedAt = _issuedAt, ExpiresAt = _issuedAt + 900,
        });
    }

    [Benchmark(Baseline = true)]
    public bool FrozenDictionary_Hit() => _frozen.ContainsKey("jti-00050000");

    [Benchmark]
    public bool RevocationIndex_IsRevoked_Hit() => _index.IsRevoked(SubjectKind.Token, "jti-00050000", _issuedAt);

    [Benchmark]
    public bool RevocationIndex_IsRevoked_Miss() => _index.IsRevoked(SubjectKind.Token, "jti-not-there", _issuedAt);

    [Benchmark]
    public bool ValidatedTokenCache_TryGet_Hit() => _cache.TryGet(_hash, TimeSpan.FromSeconds(30), out _);

    [Benchmark]
    public bool ValidatedTokenCache_HashAndTryGet_Hit() =>
        _cache.TryGet(ValidatedTokenCache.TokenHash.Of(_token), TimeSpan.FromSeconds(30), out _);
}

/// <summary>A short in-process job with automatic invocation counts (these calls take nanoseconds).</summary>
public sealed class GatewayLookupConfig : ManualConfig
{
    public GatewayLookupConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("Short"));
        AddColumnProvider(BenchmarkDotNet.Columns.DefaultColumnProviders.Instance);
        AddExporter(BenchmarkDotNet.Exporters.MarkdownExporter.GitHub);
        AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default);
        AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default);
        WithSummaryStyle(BenchmarkDotNet.Reports.SummaryStyle.Default.WithTimeUnit(Perfolizer.Horology.TimeUnit.Nanosecond));
    }
}
