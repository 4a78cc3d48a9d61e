using System.Net;
using System.Text.Json;
using Rein.Broker.Tests.Infrastructure;

namespace Rein.Broker.Tests.Delegation;

/// <summary>
/// Human approval of one delegated action (<c>approval: required</c>): the exchange answers RFC 8628-style
/// <c>authorization_pending</c> with an <c>approval_id</c>; an approver decides through the admin API; the agent's retry
/// gets one elevation token for that action only (≤ 2 minutes, <c>approval_id</c>, RFC 9396
/// <c>authorization_details</c>), once.
/// </summary>
public sealed class ApprovalTests(DelegationBroker broker) : IClassFixture<DelegationBroker>
{
    private const string Details = """[ { "type": "tickets.delete", "locations": ["https://tickets.example.internal"], "identifier": "T-42" } ]""";
    private const string CompactDetails = """[{"type":"tickets.delete","locations":["https://tickets.example.internal"],"identifier":"T-42"}]""";

    private BrokerHost Host => broker.Host;

    private Form DeleteForm(string agent, string? details = Details, string? approvalId = null)
    {
        var form = Exchange.Form(Host, agent, Exchange.UserToken(Host), scope: "tickets.delete");
        if (details is not null) form.Add("authorization_details", details);
        if (approvalId is not null) form.Add("approval_id", approvalId);
        return form;
    }

    private static string Pending(WireResponse response)
    {
        var json = WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "authorization_pending");
        Assert.InRange(json.GetProperty("expires_in").GetInt64(), 595, 600);
        Assert.Equal(5, json.GetProperty("interval").GetInt32());
        var id = json.GetProperty("approval_id").GetString()!;
        Assert.Matches("^ap-[0-9a-f]{24}$", id);
        return id;
    }

    private async Task<WireResponse> DecideAsync(string id, string verb, string approver)
    {
        using var admin = await Host.AdminAsync();
        return await admin.PostJsonAsync($"/admin/v1/approvals/{id}/{verb}", JsonSerializer.Serialize(new { approver, reason = "test" }));
    }

    [Fact]
    public async Task Approval_PendingThenApproved_RetryGetsOneActionTokenOnce()
    {
        using var dpop = TestKeys.Fresh();
        var id = Pending(await Exchange.PostAsync(Host, DeleteForm("approve-bot"), dpop));
        var stillPending = Pending(await Exchange.PostAsync(Host, DeleteForm("approve-bot", approvalId: id), dpop));

        var decided = await DecideAsync(id, "approve", DelegationScenario.Alice);
        var issued = await Exchange.PostAsync(Host, DeleteForm("approve-bot", approvalId: id), dpop);
        var again = await Exchange.PostAsync(Host, DeleteForm("approve-bot", approvalId: id), dpop);

        Assert.Equal(id, stillPending);
        Assert.Equal(HttpStatusCode.OK, decided.Status);
        Assert.Equal("approved", decided.Json.GetProperty("status").GetString());
        Assert.Equal(DelegationScenario.Alice, decided.Json.GetProperty("approver").GetString());
        Assert.Equal(Scenario.AdminId, decided.Json.GetProperty("decided_by").GetString());
        var json = WireAssert.TokenIssued(issued, "DPoP");
        Assert.Equal("tickets.delete", json.GetProperty("scope").GetString());
        Assert.InRange(json.GetProperty("expires_in").GetInt32(), 1, 120);
        Assert.Equal(CompactDetails, json.GetProperty("authorization_details").GetRawText());
        var token = json.GetProperty("access_token").GetString()!;
        Assert.Equal(id, Exchange.Claim(token, "approval_id"));
        Assert.Equal(CompactDetails, Exchange.Raw(token, "authorization_details"));
        Assert.Equal("""{"sub":"approve-bot"}""", Exchange.Raw(token, "act"));
        Assert.True(Exchange.Number(token, "exp") - Exchange.Number(token, "iat") <= 120);
        var used = WireAssert.OAuthError(again, HttpStatusCode.BadRequest, "invalid_grant");
        Assert.Equal("the approval was already used", used.GetProperty("error_description").GetString());

        using var admin = await Host.AdminAsync();
        var record = (await admin.GetAsync($"/admin/v1/approvals/{id}")).Json;
        Assert.Equal("redeemed", record.GetProperty("status").GetString());
        Assert.Equal(Exchange.Claim(token, "jti"), record.GetProperty("token_id").GetString());
        Assert.Equal(CompactDetails, record.GetProperty("authorization_details").GetRawText());
        var introspection = (await Host.IntrospectAsync(token)).Json;
        Assert.Equal(id, introspection.GetProperty("approval_id").GetString());
        Assert.Equal(CompactDetails, introspection.GetProperty("authorization_details").GetRawText());
    }

    [Fact]
    public async Task Approval_Denied_RetryIsAccessDenied()
    {
        using var dpop = TestKeys.Fresh();
        var id = Pending(await Exchange.PostAsync(Host, DeleteForm("deny-bot"), dpop));

        var decided = await DecideAsync(id, "deny", DelegationScenario.Alice);
        var retry = await Exchange.PostAsync(Host, DeleteForm("deny-bot", approvalId: id), dpop);
        var twice = await DecideAsync(id, "approve", DelegationScenario.Alice);

        Assert.Equal("denied", decided.Json.GetProperty("status").GetString());
        WireAssert.OAuthError(retry, HttpStatusCode.BadRequest, "access_denied");
        Assert.Equal(HttpStatusCode.Conflict, twice.Status);
    }

    [Fact]
    public async Task Approval_SameRequestTwice_IsOneRequest()
    {
        using var dpop = TestKeys.Fresh();

        var first = Pending(await Exchange.PostAsync(Host, DeleteForm("reuse-bot"), dpop));
        var second = Pending(await Exchange.PostAsync(Host, DeleteForm("reuse-bot"), dpop));
        var other = Pending(await Exchange.PostAsync(Host, DeleteForm("reuse-bot", details: null), dpop));

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task Approval_RetryWithOtherDetails_IsNotThatApproval()
    {
        using var dpop = TestKeys.Fresh();
        var id = Pending(await Exchange.PostAsync(Host, DeleteForm("details-bot"), dpop));
        await DecideAsync(id, "approve", DelegationScenario.Alice);

        var other = await Exchange.PostAsync(Host, DeleteForm("details-bot", """[{"type":"tickets.delete","identifier":"T-43"}]""", id), dpop);
        var someoneElses = await Exchange.PostAsync(Host, DeleteForm("reuse-bot", approvalId: id), dpop);

        var json = WireAssert.OAuthError(other, HttpStatusCode.BadRequest, "invalid_grant");
        Assert.Equal("the approval is not for this request", json.GetProperty("error_description").GetString());
        WireAssert.OAuthError(someoneElses, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"type\":\"tickets.delete\"}")]
    [InlineData("[{\"type\":\"tickets.read\"}]")]
    [InlineData("[{\"identifier\":\"T-42\"}]")]
    [InlineData("[{\"type\":\"tickets.delete\",\"locations\":[\"https://evil.example\"]}]")]
    [InlineData("[{\"type\":\"tickets.delete\"")]
    public async Task Approval_MalformedAuthorizationDetails_IsInvalidAuthorizationDetails(string details)
    {
        using var dpop = TestKeys.Fresh();

        var response = await Exchange.PostAsync(Host, DeleteForm("details-bot", details), dpop);

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_authorization_details");
    }

    [Fact]
    public async Task Approval_ActionNeedingApprovalWithOthers_MustBeRequestedAlone()
    {
        using var dpop = TestKeys.Fresh();
        var form = Exchange.Form(Host, "alone-bot", Exchange.UserToken(Host), scope: "tickets.read tickets.delete");

        var response = await Exchange.PostAsync(Host, form, dpop);

        var json = WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_scope");
        Assert.Equal("an action that needs a human approval must be requested alone", json.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task Approval_OnlyANamedApproverDecides()
    {
        using var dpop = TestKeys.Fresh();
        var id = Pending(await Exchange.PostAsync(Host, Exchange.Form(Host, "grant-approval-bot", Exchange.UserToken(Host)), dpop));

        var byAlice = await DecideAsync(id, "approve", DelegationScenario.Alice);
        var byAdminDefault = await DecideWithoutApproverAsync(id);
        var bySecops = await DecideAsync(id, "approve", "secops");
        var token = WireAssert.TokenIssued(await Exchange.PostAsync(Host,
            Exchange.Form(Host, "grant-approval-bot", Exchange.UserToken(Host)).With("approval_id", id), dpop), "DPoP");

        Assert.Equal(HttpStatusCode.Forbidden, byAlice.Status);
        Assert.Equal(HttpStatusCode.Forbidden, byAdminDefault.Status);
        Assert.Equal(HttpStatusCode.OK, bySecops.Status);
        Assert.Equal("tickets.read", token.GetProperty("scope").GetString());
        Assert.False(token.TryGetProperty("authorization_details", out _));
    }

    [Fact]
    public async Task Approval_ClientCredentialsForAnActionNeedingApproval_IsRefused()
    {
        using var dpop = TestKeys.Fresh();

        var response = await Host.RequestTokenAsync("nonapprover-bot", dpop, scope: "tickets.delete");
        var narrowed = await Host.RequestTokenAsync("nonapprover-bot", dpop, scope: "tickets.read tickets.delete");

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "access_denied");
        Assert.Equal("tickets.read", WireAssert.TokenIssued(narrowed, "DPoP").GetProperty("scope").GetString());
    }

    [Fact]
    public async Task Approvals_AdminApi_ListsPendingAndRefusesUnknownStatus()
    {
        using var dpop = TestKeys.Fresh();
        var id = Pending(await Exchange.PostAsync(Host, DeleteForm("nonapprover-bot"), dpop));
        using var admin = await Host.AdminAsync();

        var pending = await admin.GetAsync("/admin/v1/approvals?status=pending");
        var bad = await admin.GetAsync("/admin/v1/approvals?status=maybe");
        var missing = await admin.GetAsync("/admin/v1/approvals/ap-000000000000000000000000");

        var entry = pending.Json.EnumerateArray().Single(a => a.GetProperty("id").GetString() == id);
        Assert.Equal("nonapprover-bot", entry.GetProperty("agent").GetString());
        Assert.Equal(DelegationScenario.Alice, entry.GetProperty("user").GetProperty("subject").GetString());
        Assert.Equal("tickets", entry.GetProperty("tool").GetString());
        Assert.Equal("tickets.delete", entry.GetProperty("action").GetString());
        Assert.Equal("g-nonapprover-bot", entry.GetProperty("grant_id").GetString());
        Assert.Equal([DelegationScenario.Alice], entry.GetProperty("approvers").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
    }

    private async Task<WireResponse> DecideWithoutApproverAsync(string id)
    {
        using var admin = await Host.AdminAsync();
        return await admin.PostJsonAsync($"/admin/v1/approvals/{id}/approve", "{}");
    }
}
