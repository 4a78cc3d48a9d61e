using Rein.Core.Configuration;

namespace Rein.Core.Tests.Configuration;

/// <summary>Rules that relate one part of the file to another.</summary>
public sealed class ConfigCrossReferenceTests
{
    private static readonly string Jwks = TestJwk.Create("k1").JwksYaml;

    private static string Tools => """
        tools:
          - id: tickets
            audience: https://tickets.example.com
            actions:
              - { name: tickets.read, match: "GET /tickets/{id}" }
          - id: billing
            audience: https://billing.example.com
            actions:
              - { name: billing.read, match: "GET /invoices/{id}" }
        trust:
          - { issuer: https://kubernetes.default.svc, jwks_uri: https://kubernetes.default.svc/openid/v1/jwks }

        """;

    [Fact]
    public void Load_AgentBindsUnknownTool_ReportsTheBinding()
    {
        var yaml = Tools + $$"""
            agents:
              - id: bot
                credentials: [ { type: private_key_jwt, jwks: {{Jwks}} } ]
                tools:
                  tickets: [tickets.read]
                  wiki: [wiki.read]
            """;

        var error = Assert.Single(ConfigLoader.Parse(yaml).Errors);

        Assert.Equal("rein.yaml:17:7 agents[0].tools.wiki: unknown tool 'wiki'", error.ToString());
    }

    [Fact]
    public void Load_AgentBindsActionOfAnotherTool_ReportsTheAction()
    {
        var yaml = Tools + $$"""
            agents:
              - id: bot
                credentials: [ { type: private_key_jwt, jwks: {{Jwks}} } ]
                tools:
                  tickets: [tickets.read, billing.read]
            """;

        var error = Assert.Single(ConfigLoader.Parse(yaml).Errors);

        Assert.Equal("rein.yaml:16:31 agents[0].tools.tickets[1]: action 'billing.read' belongs to tool 'billing', not 'tickets'", error.ToString());
    }

    [Fact]
    public void Load_WorkloadCredentialForUntrustedIssuer_ReportsTheIssuer()
    {
        var yaml = Tools + """
            agents:
              - id: bot
                credentials:
                  - type: workload
                    issuer: https://token.actions.githubusercontent.com
                    subject: repo:acme/bot:ref:refs/heads/main
            """;

        var error = Assert.Single(ConfigLoader.Parse(yaml).Errors);

        Assert.Equal(
            "rein.yaml:16:17 agents[0].credentials[0].issuer: issuer 'https://token.actions.githubusercontent.com' is not declared under 'trust'",
            error.ToString());
    }

    [Fact]
    public void Load_WorkloadCredentialForTrustedIssuer_Loads()
    {
        var yaml = Tools + """
            agents:
              - id: bot
                credentials:
                  - { type: workload, issuer: https://kubernetes.default.svc, subject: "system:serviceaccount:agents:bot" }
            """;

        var result = ConfigLoader.Parse(yaml);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public void Load_DuplicateIds_ReportsEachDuplicate()
    {
        var yaml = $$"""
            tools:
              - { id: tickets, audience: https://a.example.com, actions: [ { name: a.read, match: "GET /a" } ] }
              - { id: tickets, audience: https://b.example.com, actions: [ { name: b.read, match: "GET /b" } ] }
            agents:
              - { id: bot, credentials: [ { type: private_key_jwt, jwks: {{Jwks}} } ] }
              - { id: bot, credentials: [ { type: private_key_jwt, jwks: {{Jwks}} } ] }
            admins:
              - { id: bot, credentials: [ { type: private_key_jwt, jwks: {{Jwks}} } ] }
            trust:
              - { issuer: https://idp.example.com, kind: user, jwks_uri: https://idp.example.com/jwks }
              - { issuer: https://idp.example.com, kind: user, jwks_uri: https://idp.example.com/jwks }
            """;

        var errors = ConfigLoader.Parse(yaml).Errors.Select(error => (error.Path, error.Message));

        Assert.Equal(
            [
                ("tools[1].id", "duplicate tool id 'tickets' (also declared at tools[0])"),
                ("agents[1].id", "duplicate client id 'bot' (also declared at agents[0]); agent and admin ids share one namespace"),
                ("admins[0].id", "duplicate client id 'bot' (also declared at agents[0]); agent and admin ids share one namespace"),
                ("trust[1].issuer", "duplicate trusted issuer 'https://idp.example.com' (also declared at trust[0])"),
            ],
            errors);
    }

    [Fact]
    public void Load_ThousandsOfBadReferences_SuggestOnlyWithinBudget()
    {
        var bindings = string.Concat(Enumerable.Range(0, 300).Select(i => $"      ticket{i:D3}: [tickets.read]\n"));
        var yaml = Tools + $$"""
            agents:
              - id: bot
                credentials: [ { type: private_key_jwt, jwks: {{Jwks}} } ]
                tools:

            """ + bindings;

        var errors = ConfigLoader.Parse(yaml).Errors;

        Assert.Equal(300, errors.Count);
        Assert.Equal("unknown tool 'ticket000' (did you mean 'tickets'?)", errors[0].Message);
        Assert.Equal("unknown tool 'ticket255' (did you mean 'tickets'?)", errors[255].Message);
        Assert.Equal("unknown tool 'ticket256'", errors[256].Message);
    }
}
