using Rein.Policy.Testing;
using Xunit.Abstractions;

namespace Rein.Policy.Tests;

public sealed class ConformanceTests(GeneratedCorpusFixture corpus, ITestOutputHelper output) : IClassFixture<GeneratedCorpusFixture>
{
    private const int ShownMismatches = 25;

    [Fact]
    public void HandWrittenTests_AllRequestsMatchCedar()
    {
        var report = PolicyTestRunner.Run(CorpusLocator.CorpusRoot(), ["tests"]);

        output.WriteLine($"{report.Files} files, {report.Requests} requests, {report.Mismatches.Count} mismatches");
        Assert.Equal(22, report.Files);
        Assert.Equal(74, report.Passed);
        Assert.True(report.Succeeded, Describe(report));
    }

    [Fact]
    public void GeneratedCorpus_AllRequestsMatchCedar()
    {
        var report = PolicyTestRunner.Run(corpus.Root, ["corpus-tests"]);

        output.WriteLine($"{report.Files} files, {report.Requests} requests, {report.Mismatches.Count} mismatches");
        // Note: the whole corpus, every request, not a sample.
        Assert.True(report.Files > 3900, $"only {report.Files} corpus tests found");
        Assert.True(report.Requests > 31_000, $"only {report.Requests} corpus requests run");
        Assert.Equal(report.Requests, report.Passed);
        Assert.True(report.Succeeded, Describe(report));
    }

    private static string Describe(PolicyTestReport report) =>
        $"{report.Mismatches.Count} mismatches in {report.Requests} requests; first ones:\n" +
        string.Join("\n", report.Mismatches.Take(ShownMismatches));
}
