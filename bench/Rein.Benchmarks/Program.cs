using BenchmarkDotNet.Running;
using Rein.Benchmarks;

// `rein-benchmarks gateway [BDN args]` runs the gateway lookups (bench/run-gateway.sh); anything else, the broker suite.
if (args.Length > 0 && args[0] == "gateway")
{
    BenchmarkRunner.Run<GatewayLookupBenchmarks>(args: args[1..]);
}
else
{
    BenchmarkRunner.Run<TokenPathBenchmarks>(new BenchmarkConfig(), args);
}
