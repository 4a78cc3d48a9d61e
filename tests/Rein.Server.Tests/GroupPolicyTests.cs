using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rein.Client;
using Rein.Core.Audit;
using Rein.Core.Storage;

namespace Rein.Server.Tests;

/// <summary>
/// Policies on a person's groups, end to end: the IdP's trust entry names its groups claim, the token exchange carries
/// the person's groups, and both the broker (issuance) and the gateway (every call) see the person as a member of
/// <c>Rein::Group::"ISS|GROUP"</c>. The same person with other groups (a newer token) is decided on those groups.
/// </summary>
public sealed class GroupPolicyTests : IAsyncLifetime
{
    private const string Policies = """
        @id("allow") permit(principal is Rein::Agent, action, resource);
        @id("calls-for-sre-only") forbid(principal, action, resource) when { context.stage == "call" }
        unless { context has user && context.user in Rein::Group::"https://idp.delegation.test|sre" };
        @id("no-contractors") forbid(principal, action, resource) when { context has user && context.user in Rein::Group::"https://idp.delegation.test|contractors" };
        """;

    private DelegationHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await DelegationHost.StartAsync(Policies, [DelegationHost.Grant("g-read", "tickets.read")], groupsClaim: "groups");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Gateway_GroupMemberAllowed_NonMember403_WithTheDeterminingPolicyInTheAuditRecord()
    {
        using var http = new HttpClient();
        using var agent = _host.Agent(http);
        var url = new Uri(_host.Rein.Issuer + "/tools/tickets/tickets/7");

        var member = await agent.ExchangeTokenAsync(_host.Exchange("tickets.read") with { SubjectToken = _host.PersonToken(["dev", "sre"]) });
        using var memberCalls = new HttpClient(agent.CreateHandler(_ => ValueTask.FromResult(member.AccessToken)));
        var before = _host.UpstreamCalls;
        var allowed = await memberCalls.GetAsync(url);
        var allowedRecord = await LastGatewayRecordAsync();

        // The same person, with a newer token that no longer lists sre: no stale membership.
        var nonMember = await agent.ExchangeTokenAsync(_host.Exchange("tickets.read") with { SubjectToken = _host.PersonToken(["dev"]) });
        using var nonMemberCalls = new HttpClient(agent.CreateHandler(_ => ValueTask.FromResult(nonMember.AccessToken)));
        var refused = await nonMemberCalls.GetAsync(url);
        var refusedRecord = await LastGatewayRecordAsync();

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("\"decision\":\"allow\"", allowedRecord, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(before + 1, _host.UpstreamCalls);
        Assert.Contains("calls-for-sre-only", refusedRecord, StringComparison.Ordinal);
        Assert.Contains("\"decision\":\"deny\"", refusedRecord, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broker_AGroupForbiddenAtIssuance_AccessDenied()
    {
        using var http = new HttpClient();
        using var agent = _host.Agent(http);

        var refused = await Assert.ThrowsAsync<ReinClientException>(() =>
            agent.ExchangeTokenAsync(_host.Exchange("tickets.read") with { SubjectToken = _host.PersonToken(["sre", "contractors"]) }));

        Assert.Equal("access_denied", refused.Error);
    }

    private Task<string> LastGatewayRecordAsync() => GatewayAuditRecords.LastAsync(_host.Rein.Services);
}
