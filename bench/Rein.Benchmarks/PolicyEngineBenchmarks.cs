using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Rein.Core.Configuration;
using Rein.Core.Hosting;
using Rein.Core.Policies;
using Rein.Core.Registry;
using Rein.Core.Storage;
using Rein.Policy;
using Rein.Policy.Values;

namespace Rein.Benchmarks;

/// <summary>
/// A decision the way the gateway asks for it: <see cref="PolicyEngine.Authorize"/> with the agent, tool, action, risk
/// tiers and call context, on <see cref="ReinPolicyWorkload"/> (Rein's entity model, 1,000 policies loaded from a
/// policy directory). The engine builds the Cedar request and context record and turns the answer into a
/// <see cref="PolicyDecision"/> on each call. Baseline: <see cref="Authorizer.IsAuthorized"/> on the same policy set
/// and entities with the requests built in advance, so the ratio is what the engine adds.
/// </summary>
[Config(typeof(PolicyBenchmarkConfig))]
public class PolicyEngineBenchmarks
{
    private DirectoryInfo _directory = null!;
    private ReinPolicyWorkload _workload = null!;
    private PolicyEngine _engine = null!;
    private PolicySet _policies = null!;
    private EntityStore _entities = null!;
    private Request[] _requests = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("rein-policy-bench-");
        var policyDirectory = _directory.CreateSubdirectory("policies");
        _workload = ReinPolicyWorkload.Create();
        File.WriteAllText(Path.Combine(policyDirectory.FullName, "bench.cedar"), _workload.PolicyText);

        var config = _workload.Registry with { Policies = policyDirectory.FullName };
        var registry = new ReinRegistry(config);
        _engine = new PolicyEngine(registry, new ReinCoreOptions
        {
            Config = config,
            DataDirectory = _directory.FullName,
            Store = StoreOptions.Resolve(null, _directory.FullName),
        }, TimeProvider.System, NullLogger<PolicyEngine>.Instance);
        var load = _engine.Reload();
        if (!load.Succeeded || load.Policies != ReinPolicyWorkload.PolicyCount)
        {
            throw new InvalidOperationException("the benchmark policies did not load: " + string.Join("; ", load.Errors));
        }

        _policies = _engine.Policies!;
        _entities = ReinEntities.Build(registry.Current);
        _requests = [.. _workload.Calls.Select(c => new Request(
            ReinEntities.Agent(c.AgentId), ReinEntities.Action(c.Action), ReinEntities.Tool(c.Tool.Id), Context(c)))];

        // The baseline must decide what the engine decides, or the ratio compares different work.
        for (var i = 0; i < _requests.Length; i++)
        {
            var call = _workload.Calls[i];
            var engine = _engine.Authorize(call.AgentId, call.Tool.Id, call.Action, call.ActionRisk, call.Tool.Risk, call.Context);
            var direct = Authorizer.IsAuthorized(_requests[i], _policies, _entities);
            if (engine.Allowed != direct.IsAllowed || !engine.DeterminingPolicies.SequenceEqual(direct.Reason))
            {
                throw new InvalidOperationException($"call {i}: the engine and the prebuilt request disagree");
            }
        }

        _next = 0;
    }

    [GlobalCleanup]
    public void Cleanup() => _directory.Delete(recursive: true);

    [Benchmark(Baseline = true)]
    public bool Authorizer_PrebuiltRequest()
    {
        var request = _requests[_next];
        _next = _next + 1 == _requests.Length ? 0 : _next + 1;
        return Authorizer.IsAuthorized(request, _policies, _entities).IsAllowed;
    }

    [Benchmark]
    public bool PolicyEngine_Authorize()
    {
        var call = _workload.Calls[_next];
        _next = _next + 1 == _requests.Length ? 0 : _next + 1;
        return _engine.Authorize(call.AgentId, call.Tool.Id, call.Action, call.ActionRisk, call.Tool.Risk, call.Context).Allowed;
    }

    /// <summary>The context record <see cref="PolicyEngine"/> builds for a call (docs/policy.md lists it).</summary>
    private static Value Context(ReinPolicyWorkload.Call call)
    {
        var c = call.Context;
        var attributes = new List<KeyValuePair<string, Value>>
        {
            new("stage", Value.FromString(c.Stage)),
            new("tool", Value.FromString(call.Tool.Id)),
            new("action_risk", Value.FromString(ReinEntities.Name(call.ActionRisk))),
            new("tool_risk", Value.FromString(ReinEntities.Name(call.Tool.Risk))),
            new("assurance", Value.FromString(c.Assurance)),
            new("device_compliant", Value.FromBool(c.DeviceCompliant)),
            new("risk_level", Value.FromString(c.RiskLevel)),
            new("delegated", Value.FromBool(c.Delegated)),
            new("approval", Value.FromBool(c.Approval)),
            new("time", Value.FromDateTimeMillis(c.Time.ToUnixTimeMilliseconds())),
        };
        if (c.ClientIp is { } ip)
        {
            attributes.Add(new("client_ip", Value.ParseIpAddr(ip.ToString())));
        }

        if (c.Transaction is { } txn)
        {
            attributes.Add(new("txn", Value.FromString(txn)));
        }

        return Value.FromRecord(attributes);
    }
}
