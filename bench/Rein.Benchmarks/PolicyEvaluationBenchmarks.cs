using BenchmarkDotNet.Attributes;
using Rein.Policy;

namespace Rein.Benchmarks;

/// <summary>
/// Rein.Policy's per-decision cost on the workload of <c>interop/cedar/bench.mjs</c> (bench/run-policy.sh), at each
/// policy count it wrote: the policy set, the entity store (ancestor closure computed once) and the 512 requests are
/// built in the global setup; each call decides the next request, in turn, with <see cref="Authorizer.IsAuthorized"/>.
/// The same run times cedar-wasm on the same requests (the baseline; see docs/benchmarks.md).
/// </summary>
[Config(typeof(PolicyBenchmarkConfig))]
public class PolicyEvaluationBenchmarks
{
    /// <summary>The environment variable listing the policy counts to run (default: all four).</summary>
    public const string SizesVariable = "REIN_POLICY_SIZES";

    private PolicyWorkload _workload = null!;
    private int _next;

    [ParamsSource(nameof(Sizes))]
    public int Policies { get; set; }

    public static IEnumerable<int> Sizes() =>
        CommandArgs.Sizes(Environment.GetEnvironmentVariable(SizesVariable) is { Length: > 0 } sizes ? sizes : "10,100,1000,10000");

    [GlobalSetup]
    public void Setup()
    {
        _workload = PolicyWorkload.Load(PolicyWorkload.DirectoryFromEnvironment(), Policies);
        _next = 0;
    }

    [Benchmark]
    public Decision Authorizer_IsAuthorized()
    {
        var requests = _workload.Requests;
        var request = requests[_next];
        _next = _next + 1 == requests.Length ? 0 : _next + 1;
        return Authorizer.IsAuthorized(request, _workload.Policies, _workload.Entities).Decision;
    }
}
