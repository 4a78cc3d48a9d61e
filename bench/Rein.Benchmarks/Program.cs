using BenchmarkDotNet.Running;
using Rein.Benchmarks;

BenchmarkRunner.Run<TokenPathBenchmarks>(new BenchmarkConfig(), args);
