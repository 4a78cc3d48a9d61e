using System.Diagnostics;
using System.Globalization;
using System.Text;
using Rein.Bench.Shared;
using Rein.Jose;

namespace Rein.Benchmarks;

/// <summary>
/// Token exchange against client credentials measured as <b>process CPU time per token</b>, the quantity that bounds
/// a CPU-bound broker's throughput (throughput ratio = inverse CPU ratio), and robust to other processes loading a
/// shared machine in a way wall-clock time is not. Exchanges use an RS256 or an ES256 IdP, with the person's token
/// <i>held</i> (the same token for every request, as an agent holds it for a session: verified once, then served from
/// the broker's cache) or <i>fresh</i> (a new person token per request: its signature verified every time).
/// Interleaved rounds of every kind, so every kind sees the same conditions; each round's requests are fresh and
/// generated before the round; the audit queue is drained inside the measured window. Prints one line per kind:
/// median and min CPU µs/token over the rounds, and the median over rounds of client credentials' CPU per token over
/// this kind's (the throughput ratio).
/// </summary>
internal static class ExchangeCpuComparison
{
    private const string RsIdp = "https://idp-rs256.bench.internal";
    private const string EsIdp = "https://idp-es256.bench.internal";

    public static async Task<int> RunAsync(int rounds, int perRound)
    {
        using var agentKey = SigningKey.Generate(JwsAlgorithms.ES256, "bench-agent-1");
        using var dpopKey = SigningKey.Generate(JwsAlgorithms.ES256, "dpop");
        using var rsIdpKey = SigningKey.Generate(JwsAlgorithms.RS256, "idp-rs-1");
        using var esIdpKey = SigningKey.Generate(JwsAlgorithms.ES256, "idp-es-1");
        await using var endpoint = await InProcessTokenEndpoint.StartAsync(agentKey, new Dictionary<string, SigningKey>
        {
            [RsIdp] = rsIdpKey,
            [EsIdp] = esIdpKey,
        }).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        static string Person(SigningKey key, string issuer) =>
            ExchangeRequestParts.PersonToken(key, issuer, InProcessTokenEndpoint.Person, InProcessTokenEndpoint.IdpAudience, DateTimeOffset.UtcNow);
        static string Exchange(string assertion, string person) => ExchangeRequestParts.FormBody(
            InProcessTokenEndpoint.ClientId, assertion, person, InProcessTokenEndpoint.Resource, InProcessTokenEndpoint.Scope);
        var rsPerson = Person(rsIdpKey, RsIdp);
        var esPerson = Person(esIdpKey, EsIdp);
        var kinds = new (string Name, Func<string, string> Body)[]
        {
            ("client_credentials", a => TokenRequestParts.FormBody(InProcessTokenEndpoint.ClientId, a, InProcessTokenEndpoint.Resource, InProcessTokenEndpoint.Scope)),
            ("exchange, RS256 IdP, held", a => Exchange(a, rsPerson)),
            ("exchange, ES256 IdP, held", a => Exchange(a, esPerson)),
            ("exchange, RS256 IdP, fresh", a => Exchange(a, Person(rsIdpKey, RsIdp))),
            ("exchange, ES256 IdP, fresh", a => Exchange(a, Person(esIdpKey, EsIdp))),
        };
        var samples = kinds.Select(_ => new List<double>()).ToArray();
        using var process = Process.GetCurrentProcess();

        // Round 0 warms up (JIT, caches, pools) and is not counted.
        for (var round = 0; round <= rounds; round++)
        {
            // Note: the order rotates each round, so no kind always runs first (after the pool is made) or last.
            for (var j = 0; j < kinds.Length; j++)
            {
                var k = (j + round) % kinds.Length;
                var (proofs, bodies) = Requests(endpoint, agentKey, dpopKey, kinds[k].Body, perRound);
                await endpoint.FlushAuditAsync().ConfigureAwait(false);
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                for (var i = 0; i < perRound; i++)
                {
                    var status = await endpoint.SendAsync(proofs[i], bodies[i]).ConfigureAwait(false);
                    if (status != 200) throw new InvalidOperationException($"{kinds[k].Name}: the token endpoint answered {status}.");
                }
                await endpoint.FlushAuditAsync().ConfigureAwait(false);
                process.Refresh();
                if (round > 0) samples[k].Add((process.TotalProcessorTime - cpuBefore).TotalMicroseconds / perRound);
            }
        }

        // Note: the ratio is taken per round (the kinds of one round ran minutes apart at most, under the same load), then
        // the median of those ratios, so drifting load on a shared machine cancels out rather than being averaged in.
        for (var k = 0; k < kinds.Length; k++)
        {
            var ratios = samples[k].Zip(samples[0], (x, baseline) => baseline / x).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cpu: {kinds[k].Name,-26} median {Median(samples[k]),6:F1} µs/token  min {samples[k].Min(),6:F1}  " +
                $"throughput vs client_credentials (median of per-round ratios) {Median(ratios):F2}  [{ratios.Min():F2}..{ratios.Max():F2}]  ({rounds} rounds x {perRound})"));
        }
        return 0;
    }

    private static (string[] Proofs, byte[][] Bodies) Requests(InProcessTokenEndpoint endpoint, SigningKey agentKey, SigningKey dpopKey,
        Func<string, string> body, int count)
    {
        var now = DateTimeOffset.UtcNow;
        var nonce = endpoint.CurrentNonce();
        var proofs = new string[count];
        var bodies = new byte[count][];
        Parallel.For(0, count, i =>
        {
            proofs[i] = TokenRequestParts.Proof(dpopKey, endpoint.TokenEndpoint, nonce, now);
            bodies[i] = Encoding.ASCII.GetBytes(body(TokenRequestParts.ClientAssertion(agentKey, InProcessTokenEndpoint.ClientId, endpoint.Issuer, now)));
        });
        return (proofs, bodies);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
