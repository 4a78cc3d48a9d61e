using Rein.Core.Configuration;

namespace Rein.Core.Tests.Configuration;

public sealed class RateLimitConfigTests
{
    private static string Tool(string rateLimit) =>
        "tools:\n  - id: tickets\n    audience: https://tickets.example.com\n    actions: [ { name: tickets.read, match: \"GET /t/{id}\" } ]\n" +
        $"    rate_limit: {rateLimit}\n";

    [Theory]
    [InlineData("{ requests: 100, per: 1m }", 100, 60)]
    [InlineData("{ requests: 5, per: 10s }", 5, 10)]
    [InlineData("{ requests: 1000000, per: 1h }", 1_000_000, 3600)]
    public void Load_RateLimit_IsRead(string yaml, int requests, int seconds)
    {
        var result = ConfigLoader.Parse(Tool(yaml));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(new RateLimitConfig(requests, TimeSpan.FromSeconds(seconds)), result.Config!.Tools[0].RateLimit);
    }

    [Fact]
    public void Load_NoRateLimit_IsNull()
    {
        var result = ConfigLoader.Parse("tools:\n  - { id: tickets, audience: https://tickets.example.com, actions: [ { name: tickets.read, match: \"GET /t\" } ] }\n");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Null(result.Config!.Tools[0].RateLimit);
    }

    [Theory]
    [InlineData("{ requests: 0, per: 1m }", "tools[0].rate_limit.requests", "expected a whole number from 1 to 1000000, found '0'")]
    [InlineData("{ requests: -5, per: 1m }", "tools[0].rate_limit.requests", "expected a whole number from 1 to 1000000, found '-5'")]
    [InlineData("{ requests: 10, per: 2d }", "tools[0].rate_limit.per", "expected a duration from 1s to 1h such as 10s, 1m or 1h, found '2d'")]
    [InlineData("{ requests: 10, per: 0s }", "tools[0].rate_limit.per", "expected a duration from 1s to 1h such as 10s, 1m or 1h, found '0s'")]
    [InlineData("{ per: 1m }", "tools[0].rate_limit.requests", "requests is required, e.g. rate_limit: { requests: 100, per: 1m }")]
    [InlineData("{ requests: 10 }", "tools[0].rate_limit.per", "per is required: a duration such as 1s, 10s, 1m or 1h")]
    public void Load_BadRateLimit_ReportsPathAndMessage(string yaml, string path, string message)
    {
        var result = ConfigLoader.Parse(Tool(yaml));

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.Path);
        Assert.Equal(message, error.Message);
    }
}
