using BenchmarkDotNet.Running;
using Rein.SignalsBench;

BenchmarkRunner.Run<SetPushBenchmarks>(new SignalsBenchConfig(), args);
