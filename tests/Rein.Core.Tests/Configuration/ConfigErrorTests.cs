using Rein.Core.Configuration;

namespace Rein.Core.Tests.Configuration;

public sealed class ConfigErrorTests
{
    [Theory]
    [InlineData("rein.yaml", "agents[0].tools.tickets", 12, 7, "rein.yaml:12:7 agents[0].tools.tickets: unknown action 'tickets.delete'")]
    [InlineData("rein.yaml", "", 3, 1, "rein.yaml:3:1: unknown action 'tickets.delete'")]
    [InlineData("rein.yaml", "", 0, 0, "rein.yaml: unknown action 'tickets.delete'")]
    [InlineData("", "agents[0].tools.tickets", 0, 0, "agents[0].tools.tickets: unknown action 'tickets.delete'")]
    [InlineData("", "", 0, 0, "unknown action 'tickets.delete'")]
    public void ToString_FormatsLikeACompilerDiagnostic(string source, string path, int line, int column, string expected)
    {
        var error = new ConfigError(source, path, line, column, "unknown action 'tickets.delete'");

        Assert.Equal(expected, error.ToString());
    }

    [Fact]
    public void LoadResult_ToString_ListsEveryError()
    {
        var result = ConfigLoader.Parse("tols: []\nissuer: rein\n");

        Assert.Equal(
            "rein.yaml:1:1 tols: unknown key 'tols' (did you mean 'tools'?)" + Environment.NewLine
            + "rein.yaml:2:9 issuer: expected an absolute http(s) URL such as https://rein.example.com, found 'rein'",
            result.ToString());
    }
}
