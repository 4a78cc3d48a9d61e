using System.Net;
using System.Text.Json;
using Rein.Broker.Tests.Infrastructure;

namespace Rein.Broker.Tests.Delegation;

/// <summary>
/// Approvals and elevation tokens run out, on a fake clock: a request nobody decides within 10 minutes lapses
/// (<c>expired_token</c>), an approval not redeemed within 5 minutes lapses, and an elevation token lives at most 2
/// minutes.
/// </summary>
public sealed class ApprovalExpiryTests(DelegationClockBroker broker) : IClassFixture<DelegationClockBroker>
{
    private BrokerHost Host => broker.Host;

    private Form DeleteForm(string agent, string? approvalId = null)
    {
        var form = Exchange.Form(Host, agent, Exchange.UserToken(Host), scope: "tickets.delete");
        if (approvalId is not null) form.Add("approval_id", approvalId);
        return form;
    }

    private async Task<string> OpenAsync(string agent, Rein.Jose.SigningKey dpop)
    {
        var json = WireAssert.OAuthError(await Exchange.PostAsync(Host, DeleteForm(agent), dpop), HttpStatusCode.BadRequest, "authorization_pending");
        return json.GetProperty("approval_id").GetString()!;
    }

    private async Task<WireResponse> DecideAsync(string id, string verb)
    {
        using var admin = await Host.AdminAsync();
        return await admin.PostJsonAsync($"/admin/v1/approvals/{id}/{verb}", JsonSerializer.Serialize(new { approver = DelegationScenario.Alice }));
    }

    [Fact]
    public async Task Approval_NobodyDecidesInTime_Lapses()
    {
        using var dpop = TestKeys.Fresh();
        var id = await OpenAsync("expire-bot", dpop);

        Host.FakeTime!.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var retry = await Exchange.PostAsync(Host, DeleteForm("expire-bot", id), dpop);
        var late = await DecideAsync(id, "approve");
        using var admin = await Host.AdminAsync();
        var record = (await admin.GetAsync($"/admin/v1/approvals/{id}")).Json;
        var fresh = WireAssert.OAuthError(await Exchange.PostAsync(Host, DeleteForm("expire-bot"), dpop), HttpStatusCode.BadRequest, "authorization_pending");

        WireAssert.OAuthError(retry, HttpStatusCode.BadRequest, "expired_token");
        Assert.Equal(HttpStatusCode.Conflict, late.Status);
        Assert.Equal("expired", record.GetProperty("status").GetString());
        Assert.NotEqual(id, fresh.GetProperty("approval_id").GetString());
    }

    [Fact]
    public async Task Approval_ApprovedButNotRedeemedInTime_Lapses()
    {
        using var dpop = TestKeys.Fresh();
        var id = await OpenAsync("policy-bot", dpop);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(id, "approve")).Status);

        Host.FakeTime!.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var retry = await Exchange.PostAsync(Host, DeleteForm("policy-bot", id), dpop);

        WireAssert.OAuthError(retry, HttpStatusCode.BadRequest, "expired_token");
    }

    [Fact]
    public async Task ElevationToken_LivesAtMostTwoMinutes()
    {
        using var dpop = TestKeys.Fresh();
        var id = await OpenAsync("kill-b", dpop);
        await DecideAsync(id, "approve");
        var token = WireAssert.TokenIssued(await Exchange.PostAsync(Host, DeleteForm("kill-b", id), dpop), "DPoP")
            .GetProperty("access_token").GetString()!;

        var before = (await Host.IntrospectAsync(token)).Json.GetProperty("active").GetBoolean();
        Host.FakeTime!.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(31));
        var after = (await Host.IntrospectAsync(token)).Json.GetProperty("active").GetBoolean();

        Assert.Equal(120, Exchange.Number(token, "exp") - Exchange.Number(token, "iat"));
        Assert.True(before);
        Assert.False(after);
    }
}
