using BenchmarkDotNet.Running;
using Rein.SetPushBench;

BenchmarkRunner.Run<SetPushBenchmarks>(new SignalsBenchConfig(), args);
