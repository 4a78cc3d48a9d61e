using Rein.GatewayBench;

return await GatewayBenchCommand.RunAsync(args);
