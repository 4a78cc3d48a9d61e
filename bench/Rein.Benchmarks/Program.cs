using BenchmarkDotNet.Running;
using Rein.Benchmarks;

// `rein-benchmarks gateway [BDN args]` runs the gateway lookups (bench/run-gateway.sh); `rein-benchmarks txn` the
// transaction-token minting cost per gateway call against one ES256 sign; anything else, the broker suite.
if (args.Length > 0 && args[0] == "gateway")
{
    BenchmarkRunner.Run<GatewayLookupBenchmarks>(args: args[1..]);
}
else if (args.Length > 0 && args[0] == "txn")
{
    BenchmarkRunner.Run<TransactionTokenBenchmarks>(new TransactionTokenBenchmarkConfig(), args[1..]);
}
else
{
    BenchmarkRunner.Run<TokenPathBenchmarks>(new BenchmarkConfig(), args);
}
