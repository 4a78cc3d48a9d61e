using BenchmarkDotNet.Running;
using Rein.Benchmarks;

// `rein-benchmarks gateway [BDN args]` runs the gateway lookups (bench/run-gateway.sh); `policy-check`, `policy` and
// `policy-report` are the steps of bench/run-policy.sh; anything else, the broker suite.
switch (args.Length > 0 ? args[0] : null)
{
    case "gateway":
        BenchmarkRunner.Run<GatewayLookupBenchmarks>(args: args[1..]);
        return 0;
    case "policy-check":
        return PolicyCheckCommand.Run(args[1..]);
    case "policy":
        return PolicyBenchCommand.Run(args[1..]);
    case "policy-report":
        return PolicyReportCommand.Run(args[1..]);
    default:
        BenchmarkRunner.Run<TokenPathBenchmarks>(new BenchmarkConfig(), args);
        return 0;
}
