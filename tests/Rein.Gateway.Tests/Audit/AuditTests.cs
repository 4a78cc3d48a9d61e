using System.Text;
using System.Text.Json;
using Rein.Core.Audit;
using Rein.Core.Storage;
using Rein.Gateway.Tests.Infrastructure;

namespace Rein.Gateway.Tests.Audit;

/// <summary>
/// Every gateway request, forwarded or refused, leaves exactly one <c>gateway.request</c> record with who, what, the
/// decision and why, the upstream status and the trace id; never token text; and the chain of hashes verifies.
/// </summary>
public sealed class AuditTests
{
    [Fact]
    public async Task Gateway_Requests_LeaveOneChainedAuditRecordEachWithoutTokenText()
    {
        await using var host = await GatewayHost.StartAsync();
        using var agent = await host.AgentAsync("audit-bot");
        const string traceId = "0af7651916cd43dd8448eb211c80319c";
        var allowedUrl = host.ToolUrl("tickets", "/tickets/1");

        var allowed = await agent.SendAsync(HttpMethod.Get, "tickets", "/tickets/1",
            r => r.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-b7ad6b7169203331-01"));
        using var badProof = TestKeys.Fresh();
        var forged = await host.SendAsync(HttpMethod.Get, allowedUrl, "DPoP " + agent.Token,
            Rein.Jose.DPoP.DPoPProofWriter.Create(badProof, "GET", allowedUrl, agent.Token, null, host.Time.GetUtcNow()));
        var unmapped = await agent.GetAsync("tickets", "/nothing-here");
        var forbidden = await agent.GetAsync("tickets", "/tickets/1/comments");
        WireAssert.Forwarded(allowed, "/tickets/1");
        WireAssert.Unauthorized(forged, "invalid_dpop_proof");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unmapped.Status);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, forbidden.Status);

        var chain = await host.AuditChainAsync(r => r.Kind == AuditKinds.GatewayRequest, minimum: 4);

        var records = chain.Where(r => r.Kind == AuditKinds.GatewayRequest).Select(r => JsonDocument.Parse(r.Data).RootElement).ToList();
        Assert.Equal(4, records.Count);
        var jti = agent.JwtId;
        var upstreamTrace = WireAssert.TraceParent(Assert.Single(host.Upstream.Requests).Single("traceparent")).TraceId;
        Assert.Equal(traceId, upstreamTrace);

        AssertRecord(records[0], agent: "audit-bot", action: "tickets.read", decision: "allow", reason: "scope", upstreamStatus: 200, jti: jti);
        Assert.Equal(traceId, records[0].GetProperty("trace_id").GetString());
        Assert.Equal(agent.SessionId, records[0].GetProperty("session_id").GetString());
        AssertRecord(records[1], agent: null, action: null, decision: "deny", reason: "invalid_dpop_proof", upstreamStatus: null, jti: null);
        AssertRecord(records[2], agent: "audit-bot", action: null, decision: "deny", reason: "no action matches", upstreamStatus: null, jti: jti);
        AssertRecord(records[3], agent: "audit-bot", action: "tickets.comments", decision: "deny", reason: "insufficient_scope", upstreamStatus: null, jti: jti);
        foreach (var record in records)
        {
            Assert.Equal("tickets", record.GetProperty("tool").GetString());
            Assert.Matches("^[0-9a-f]{32}$", record.GetProperty("trace_id").GetString());
        }

        string[] secrets = [agent.Token, .. allowed.Submitted, .. forged.Submitted, .. unmapped.Submitted, .. forbidden.Submitted];
        foreach (var row in chain)
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, row.Data, StringComparison.Ordinal);
                Assert.DoesNotContain(secret.Split('.').Last(), row.Data, StringComparison.Ordinal);
            }
        }
        AssertChainVerifies(chain);
    }

    [Fact]
    public async Task Gateway_AuditChain_DetectsAnEditedRecord()
    {
        await using var host = await GatewayHost.StartAsync();
        using var agent = await host.AgentAsync("audit-bot");
        WireAssert.Forwarded(await agent.GetAsync("tickets", "/tickets/1"), "/tickets/1");
        var chain = await host.AuditChainAsync(r => r.Kind == AuditKinds.GatewayRequest, minimum: 1);
        AssertChainVerifies(chain);

        var record = chain.Last(r => r.Kind == AuditKinds.GatewayRequest);
        var tampered = record.Data.Replace("\"allow\"", "\"deny\"", StringComparison.Ordinal);

        Assert.NotEqual(record.Data, tampered);
        Assert.False(AuditLog.ChainHash(record.PreviousHash, Encoding.UTF8.GetBytes(tampered)).AsSpan().SequenceEqual(record.Hash));
    }

    [Fact]
    public async Task Gateway_RateLimitedAndUpstreamDownCalls_AreAuditedWithTheirOutcome()
    {
        await using var host = await GatewayHost.StartAsync();
        using var limited = await host.AgentAsync("audit-bot", GatewayScenario.LimitedAudience, "limited.read");
        using var offline = await host.AgentAsync("other-bot", GatewayScenario.OfflineAudience, "offline.read");
        for (var i = 0; i < 4; i++) await limited.GetAsync("limited", "/items/1");
        Assert.Equal(System.Net.HttpStatusCode.BadGateway, (await offline.GetAsync("offline", "/status")).Status);

        var chain = await host.AuditChainAsync(r => r.Kind == AuditKinds.GatewayRequest, minimum: 5);

        var records = chain.Where(r => r.Kind == AuditKinds.GatewayRequest).Select(r => JsonDocument.Parse(r.Data).RootElement).ToList();
        Assert.Equal(5, records.Count);
        Assert.Equal(["allow", "allow", "allow", "deny"], records.Take(4).Select(r => r.GetProperty("decision").GetString()));
        AssertRecord(records[3], agent: "audit-bot", action: "limited.read", decision: "deny", reason: "rate limited", upstreamStatus: null, jti: limited.JwtId);
        Assert.Equal("offline", records[4].GetProperty("tool").GetString());
        Assert.Equal(502, records[4].GetProperty("upstream_status").GetInt32());
        AssertChainVerifies(chain);
    }

    [Fact]
    public async Task Gateway_CallToUnknownTool_LeavesADenyRecord()
    {
        await using var host = await GatewayHost.StartAsync();
        using var agent = await host.AgentAsync("audit-bot");
        var url = new Uri(host.Issuer + "/tools/payroll/salaries/1");
        var response = await host.SendAsync(HttpMethod.Get, url, "DPoP " + agent.Token, agent.Client.CreateProof("GET", url, agent.Token));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.Status);

        var chain = await host.AuditChainAsync(r => r.Kind == AuditKinds.GatewayRequest, minimum: 1);

        var record = JsonDocument.Parse(Assert.Single(chain, r => r.Kind == AuditKinds.GatewayRequest).Data).RootElement;
        Assert.Equal("deny", record.GetProperty("decision").GetString());
        Assert.Equal("unknown tool", record.GetProperty("reason").GetString());
        Assert.Equal("payroll", record.GetProperty("tool").GetString());
        Assert.Matches("^[0-9a-f]{32}$", record.GetProperty("trace_id").GetString());
        Assert.DoesNotContain(agent.Token, record.GetRawText(), StringComparison.Ordinal);
    }

    private static void AssertRecord(JsonElement record, string? agent, string? action, string decision, string reason, int? upstreamStatus, string? jti)
    {
        Assert.Equal(AuditKinds.GatewayRequest, record.GetProperty("kind").GetString());
        Assert.Equal(agent, Optional(record, "agent"));
        Assert.Equal(action, Optional(record, "action"));
        Assert.Equal(decision, record.GetProperty("decision").GetString());
        Assert.Equal(reason, record.GetProperty("reason").GetString());
        Assert.Equal(upstreamStatus, record.TryGetProperty("upstream_status", out var status) ? status.GetInt32() : null);
        Assert.Equal(jti, Optional(record, "token_id"));
    }

    private static string? Optional(JsonElement record, string name) => record.TryGetProperty(name, out var value) ? value.GetString() : null;

    /// <summary>Hash = SHA-256(PreviousHash ‖ Data); each PreviousHash is the prior record's Hash; the first links to zeros.</summary>
    private static void AssertChainVerifies(IReadOnlyList<AuditRecord> chain)
    {
        Assert.NotEmpty(chain);
        var previous = new byte[32];
        for (var i = 0; i < chain.Count; i++)
        {
            var row = chain[i];
            Assert.Equal(i + 1, row.Sequence);
            Assert.Equal(previous, row.PreviousHash);
            Assert.Equal(AuditLog.ChainHash(row.PreviousHash, Encoding.UTF8.GetBytes(row.Data)), row.Hash);
            previous = row.Hash;
        }
    }
}
