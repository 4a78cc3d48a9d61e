using System.Net;
using Rein.Client;

namespace Rein.Server.Tests;

/// <summary>
/// Cedar policies see delegation: <c>context.delegated</c> at issuance and at the gateway, and <c>context.approval</c>
/// for an elevation token — a human-approved action passes a policy that demands approval, at both stages; and
/// <c>context.user</c>, the person (a <c>Rein::User</c> with <c>issuer</c> and <c>subject</c>), at both stages: the
/// permit below errors (and so does not permit) if it is missing or has no attributes.
/// </summary>
public sealed class DelegationPolicyTests : IAsyncLifetime
{
    private const string Policies = """
        @id("allow") permit(principal is Rein::Agent, action, resource)
        unless { context.delegated && !(context.user is Rein::User && context.user.subject == "alice" && context.user.issuer like "https://*") };
        @id("no-delegated-writes") forbid(principal, action in Rein::Action::"method:POST", resource) when { context.delegated };
        @id("deletes-need-approval") forbid(principal, action in Rein::Action::"method:DELETE", resource) unless { context.approval };
        """;

    private DelegationHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await DelegationHost.StartAsync(Policies, [DelegationHost.Grant("g-all", "tickets.read", "tickets.write", "tickets.delete")]);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Policy_DelegatedIsFalseForTheAgentsOwnTokenTrueForADelegatedOne()
    {
        using var http = new HttpClient();
        using var agent = _host.Agent(http);

        var own = await agent.RequestTokenAsync(DelegationHost.Audience, ["tickets.write"]);
        var delegated = await Assert.ThrowsAsync<ReinClientException>(() => agent.ExchangeTokenAsync(_host.Exchange("tickets.write")));
        var narrowed = await agent.ExchangeTokenAsync(_host.Exchange("tickets.read", "tickets.write"));

        Assert.Equal("tickets.write", own.Scope);
        Assert.Equal("access_denied", delegated.Error);
        Assert.Equal("tickets.read", narrowed.Scope);
    }

    [Fact]
    public async Task Policy_ApprovedActionPassesApprovalPolicy_AtIssuanceAndAtTheGateway()
    {
        using var http = new HttpClient();
        using var agent = _host.Agent(http);
        var pending = await Assert.ThrowsAsync<ApprovalPendingException>(() => agent.ExchangeTokenAsync(_host.Exchange("tickets.delete")));
        var approved = _host.Cli("approval", "approve", pending.ApprovalId, "--approver", "alice");
        Assert.True(approved.Exit == 0, approved.Stderr);

        var token = await agent.ExchangeTokenAsync(_host.Exchange("tickets.delete") with { ApprovalId = pending.ApprovalId });
        using var calls = new HttpClient(agent.CreateHandler(_ => ValueTask.FromResult(token.AccessToken)));
        var before = _host.UpstreamCalls;
        var deleted = await calls.DeleteAsync(new Uri(_host.Rein.Issuer + "/tools/tickets/tickets/9"));

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(before + 1, _host.UpstreamCalls);
    }
}
