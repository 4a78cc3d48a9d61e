using System.Net;
using Rein.Broker.Tests.Infrastructure;

namespace Rein.Broker.Tests.Clients;

/// <summary>An agent's status gates issuance: suspended or past review, it gets nothing; its old tokens stay dead.</summary>
public sealed class AgentStatusTests(StandardBroker broker) : IClassFixture<StandardBroker>
{
    private BrokerHost Host => broker.Host;

    [Fact]
    public async Task Token_SuspendedThenEnabledAgent_RefusedThenIssued_AndOldTokenStaysInactive()
    {
        using var admin = await Host.AdminAsync();
        var before = await Host.TokenAsync("suspend-bot");
        Assert.True((await Host.IntrospectAsync(before)).Json.GetProperty("active").GetBoolean());

        var suspend = await admin.PostJsonAsync("/admin/v1/agents/suspend-bot/suspend", """{"reason":"e2e: anomaly"}""");
        Assert.Equal(HttpStatusCode.OK, suspend.Status);
        Assert.Equal("suspended", suspend.Json.GetProperty("status").GetString());
        Assert.Equal("e2e: anomaly", suspend.Json.GetProperty("status_reason").GetString());

        using var dpopKey = TestKeys.Fresh("dpop");
        WireAssert.OAuthError(await Host.RequestTokenAsync("suspend-bot", dpopKey), HttpStatusCode.BadRequest, "unauthorized_client");
        Assert.Equal("""{"active":false}""", (await Host.IntrospectAsync(before)).Body);

        var enable = await admin.PostJsonAsync("/admin/v1/agents/suspend-bot/enable", """{"reason":"e2e: cleared"}""");
        Assert.Equal(HttpStatusCode.OK, enable.Status);
        Assert.Equal("active", enable.Json.GetProperty("status").GetString());

        var after = WireAssert.TokenIssued(await Host.RequestTokenAsync("suspend-bot", dpopKey), "DPoP").GetProperty("access_token").GetString()!;
        Assert.True((await Host.IntrospectAsync(after)).Json.GetProperty("active").GetBoolean());
        Assert.Equal("""{"active":false}""", (await Host.IntrospectAsync(before)).Body);
    }

    [Fact]
    public async Task Token_AgentPastReviewDate_ReturnsUnauthorizedClient()
    {
        using var dpopKey = TestKeys.Fresh("dpop");

        var response = await Host.RequestTokenAsync("review-bot", dpopKey);

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "unauthorized_client");
    }

    [Fact]
    public async Task Admin_AgentPastReviewDate_IsReportedAsPastReview()
    {
        using var admin = await Host.AdminAsync();

        var response = await admin.GetAsync("/admin/v1/agents/review-bot");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(response.Json.GetProperty("past_review").GetBoolean());
        Assert.Equal("2020-01-01", response.Json.GetProperty("review_by").GetString());
    }

    [Fact]
    public async Task Admin_SuspendUnknownAgent_ReturnsProblemNotFound()
    {
        using var admin = await Host.AdminAsync();

        var response = await admin.PostJsonAsync("/admin/v1/agents/no-such-agent/suspend", "{}");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal(404, response.Json.GetProperty("status").GetInt32());
    }
}
