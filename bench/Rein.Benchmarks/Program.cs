using BenchmarkDotNet.Running;
using Rein.Benchmarks;

// `rein-benchmarks gateway [BDN args]` runs the gateway lookups (bench/run-gateway.sh); `txn` the transaction-token
// minting cost per gateway call against one ES256 sign; `exchange` the token exchange suite against client
// credentials (BenchmarkDotNet), `exchange-cpu` the same comparison as CPU per token; anything else, the broker suite.
if (args.Length > 0 && args[0] == "gateway")
{
    BenchmarkRunner.Run<GatewayLookupBenchmarks>(args: args[1..]);
}
else if (args.Length > 0 && args[0] == "txn")
{
    BenchmarkRunner.Run<TransactionTokenBenchmarks>(new TransactionTokenBenchmarkConfig(), args[1..]);
}
else if (args.Length > 0 && args[0] == "exchange-cpu")
{
    // `rein-benchmarks exchange-cpu [ROUNDS] [PER_ROUND]`: CPU per token, interleaved, for a loaded machine.
    return await ExchangeCpuComparison.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 500).ConfigureAwait(false);
}
else if (args.Length > 0 && args[0] == "exchange")
{
    BenchmarkRunner.Run<TokenExchangeBenchmarks>(new BenchmarkConfig(), args[1..]);
}
else
{
    BenchmarkRunner.Run<TokenPathBenchmarks>(new BenchmarkConfig(), args);
}
return 0;
