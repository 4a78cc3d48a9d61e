using Rein.Core.Configuration;

namespace Rein.Core.Tests.Configuration;

/// <summary>
/// <c>grants:</c>, <c>impersonate:</c> and <c>approval:</c> in rein.yaml: read into records, and every broken rule
/// reported with its path, line and column.
/// </summary>
public sealed class GrantConfigTests
{
    private static readonly TestJwk Key = TestJwk.Create("k1");

    private static string Yaml(string grants, string agentExtra = "", string toolExtra = "", string actionExtra = "") => $$"""
        tools:
          - id: tickets
            audience: https://tickets.example.com
            {{toolExtra}}
            actions:
              - { name: tickets.read, match: "GET /tickets/{id}" }
              - { name: tickets.delete, match: "DELETE /tickets/{id}", risk: high{{actionExtra}} }
        agents:
          - id: assistant
            credentials: [ { type: private_key_jwt, jwks: {{Key.JwksYaml}} } ]
            tools: { tickets: [tickets.read, tickets.delete] }
            {{agentExtra}}
          - id: reader
            credentials: [ { type: private_key_jwt, jwks: {{Key.JwksYaml}} } ]
            tools: { tickets: [tickets.read] }
        trust:
          - issuer: https://idp.example.com
            kind: user
            jwks: {{Key.JwksYaml}}
          - issuer: https://kubernetes.default.svc
            jwks: {{Key.JwksYaml}}
        {{grants}}
        """;

    [Fact]
    public void Load_Grants_AreReadWithEveryField()
    {
        var result = ConfigLoader.Parse(Yaml("""
            grants:
              - id: alice-assistant
                user: { issuer: https://idp.example.com, subject: alice }
                agent: assistant
                tools: { tickets: [tickets.read, tickets.delete] }
                from: 2026-01-01T00:00:00Z
                until: 2026-06-30T20:00:00+02:00
                approval: required
                approvers: [alice, secops]
            """, agentExtra: "impersonate: [tickets]", toolExtra: "approval: required", actionExtra: ", approval: none"));

        Assert.True(result.Succeeded, result.ToString());
        var grant = Assert.Single(result.Config!.Grants);
        Assert.Equal("alice-assistant", grant.Id);
        Assert.Equal(("https://idp.example.com", "alice", "assistant"), (grant.UserIssuer, grant.UserSubject, grant.Agent));
        Assert.Equal(["tickets.read", "tickets.delete"], grant.Tools["tickets"]);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), grant.From);
        Assert.Equal(new DateTimeOffset(2026, 6, 30, 18, 0, 0, TimeSpan.Zero), grant.Until);
        Assert.True(grant.ApprovalRequired);
        Assert.Equal(["alice", "secops"], grant.Approvers);
        Assert.Equal(["tickets"], result.Config.Agents[0].Impersonate);
        var tool = result.Config.Tools[0];
        Assert.True(tool.ApprovalRequired);
        Assert.True(tool.RequiresApproval(tool.Actions[0]));
        Assert.False(tool.RequiresApproval(tool.Actions[1]));
    }

    [Fact]
    public void Load_GrantMistakes_AreEachReportedWithPathAndPosition()
    {
        var result = ConfigLoader.Parse(Yaml("""
            grants:
              - id: Bad
                user: { issuer: https://kubernetes.default.svc, subject: alice }
                agent: assistent
                tools: { tickets: [tickets.write, tickets.read, tickets.read] }
                from: 2026-07-01T00:00:00Z
                until: 2026-06-30T00:00:00Z
                approvers: [alice, alice]
              - id: reader-grant
                user: { issuer: https://unknown.example.com, subject: bob }
                agent: reader
                tools: { tickets: [tickets.delete] }
                until: 2026-06-30
                approval: sometimes
              - id: reader-grant
                user: { issuer: https://idp.example.com }
                agent: reader
                tools: { tickets: [tickets.read] }
            """));

        Assert.False(result.Succeeded);
        Assert.Equal(
            [
                "rein.yaml:23:9 grants[0].id: invalid grant id 'Bad': use lower-case letters, digits, '-', '_' and '.', starting with a letter or digit, at most 64 characters",
                "rein.yaml:24:21 grants[0].user.issuer: issuer 'https://kubernetes.default.svc' is trusted for workload credentials; a grant's user comes from a trust entry with kind: user",
                "rein.yaml:25:12 grants[0].agent: unknown agent 'assistent' (did you mean 'assistant'?)",
                "rein.yaml:26:24 grants[0].tools.tickets[0]: unknown action 'tickets.write'",
                "rein.yaml:26:53 grants[0].tools.tickets[2]: action 'tickets.read' is listed twice",
                "rein.yaml:28:12 grants[0].until: 'until' must be after 'from'",
                "rein.yaml:29:24 grants[0].approvers[1]: approver 'alice' is listed twice",
                "rein.yaml:31:21 grants[1].user.issuer: issuer 'https://unknown.example.com' is not declared under 'trust' (with kind: user)",
                "rein.yaml:33:24 grants[1].tools.tickets[0]: agent 'reader' is not bound to action 'tickets.delete'; add it to the agent's tools first",
                "rein.yaml:34:12 grants[1].until: expected an RFC 3339 timestamp with an offset such as 2026-06-30T18:00:00Z, found '2026-06-30'",
                "rein.yaml:35:15 grants[1].approval: unknown approval mode 'sometimes' (expected 'required' or 'none')",
                "rein.yaml:36:5 grants[2].until: 'until' is required: a grant ends, such as until: 2026-06-30T18:00:00Z",
                "rein.yaml:36:9 grants[2].id: duplicate grant id 'reader-grant' (also declared at grants[1])",
                "rein.yaml:37:11 grants[2].user.subject: 'subject' is required",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Load_ImpersonationForAToolTheAgentIsNotBoundTo_IsReported()
    {
        var result = ConfigLoader.Parse(Yaml("", agentExtra: "impersonate: [docs, tickets, tickets]"));

        Assert.Equal(
            [
                "rein.yaml:12:19 agents[0].impersonate[0]: tool 'docs' is not among this agent's tools; impersonation is allowed only for a tool the agent is bound to",
                "rein.yaml:12:34 agents[0].impersonate[2]: tool 'tickets' is listed twice",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("2026-06-30T18:00:00Z", true)]
    [InlineData("2026-06-30T18:00:00.123+02:00", true)]
    [InlineData("2026-06-30T18:00:00", false)]
    [InlineData("2026-06-30", false)]
    [InlineData("2026-06-30 18:00:00Z", false)]
    [InlineData("2026-13-30T18:00:00Z", false)]
    [InlineData("tomorrow", false)]
    public void TimestampRules_AcceptOnlyRfc3339WithAnOffset(string text, bool valid)
    {
        Assert.Equal(valid, TimestampRules.TryParse(text, out _));
    }
}
