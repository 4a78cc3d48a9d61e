using BenchmarkDotNet.Running;
using Rein.Benchmarks;

// `rein-benchmarks gateway [BDN args]` runs the gateway lookups (bench/run-gateway.sh); `txn` the transaction-token
// minting cost per gateway call against one ES256 sign; `exchange` the token exchange suite against client
// credentials (BenchmarkDotNet), `exchange-cpu` the same comparison as CPU per token; `policy-check`, `policy` and
// `policy-report` are the steps of bench/run-policy.sh; anything else, the broker suite.
switch (args.Length > 0 ? args[0] : null)
{
    case "gateway":
        BenchmarkRunner.Run<GatewayLookupBenchmarks>(args: args[1..]);
        return 0;
    case "txn":
        BenchmarkRunner.Run<TransactionTokenBenchmarks>(new TransactionTokenBenchmarkConfig(), args[1..]);
        return 0;
    case "exchange-cpu":
        // `rein-benchmarks exchange-cpu [ROUNDS] [PER_ROUND]`: CPU per token, interleaved, for a loaded machine.
        return await ExchangeCpuComparison.RunAsync(
            args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10,
            args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 500).ConfigureAwait(false);
    case "exchange":
        BenchmarkRunner.Run<TokenExchangeBenchmarks>(new BenchmarkConfig(), args[1..]);
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
