using Rein.Core.Configuration;

namespace Rein.Core.Tests.Configuration;

/// <summary>Errors carry the right line and column, and a file with many errors reports all of them.</summary>
public sealed class ConfigPositionTests
{
    private static readonly TestJwk Key = TestJwk.Create("k1");

    [Fact]
    public void Load_UnknownKey_ReportsPathAndSuggestion()
    {
        const string Yaml = """
            tools:
              - id: tickets
                audiance: https://tickets.example.com
                actions: [ { name: tickets.read, match: "GET /tickets/{id}" } ]
            """;

        var result = ConfigLoader.Parse(Yaml);

        var error = Assert.Single(result.Errors);
        Assert.Equal("tools[0].audiance", error.Path);
        Assert.Equal("unknown key 'audiance' (did you mean 'audience'?)", error.Message);
        Assert.Equal((3, 5), (error.Line, error.Column));
        Assert.Equal("rein.yaml:3:5 tools[0].audiance: unknown key 'audiance' (did you mean 'audience'?)", error.ToString());
    }

    [Fact]
    public void Load_DuplicateKeys_ReportsEveryDuplicate()
    {
        const string Yaml = """
            issuer: https://a.example.com
            tools:
              - id: tickets
                id: tickets2
                audience: https://tickets.example.com
                actions: [ { name: tickets.read, match: "GET /t", match: "GET /u" } ]
            issuer: https://b.example.com
            """;

        var errors = ConfigLoader.Parse(Yaml, "config/rein.yaml").Errors.Select(error => error.ToString());

        Assert.Equal(
            [
                "config/rein.yaml:4:5 tools[0].id: duplicate key 'id' (first defined at line 3)",
                "config/rein.yaml:6:55 tools[0].actions[0].match: duplicate key 'match' (first defined at line 6)",
                "config/rein.yaml:7:1 issuer: duplicate key 'issuer' (first defined at line 1)",
            ],
            errors);
    }

    [Fact]
    public void Load_MissingField_IsReportedAtItsParent()
    {
        const string Yaml = """
            tools:
              - id: tickets
                actions: [ { name: tickets.read, match: "GET /t" } ]
            """;

        var error = Assert.Single(ConfigLoader.Parse(Yaml).Errors);

        Assert.Equal("rein.yaml:2:5 tools[0].audience: 'audience' is required", error.ToString());
    }

    [Fact]
    public void Load_FileWithManyErrors_ReportsAllInFileOrder()
    {
        var yaml = $$"""
            issuer: http://rein.example.com
            store: mysql://db
            tools:
              - id: Tickets
                audience: tickets
                upstream: ftp://127.0.0.1
                risk: severe
                signing_alg: HS256
                actions:
                  - { name: "tickets read", match: "FETCH /tickets" }
                  - { name: tickets.write, match: "POST tickets" }
              - id: billing
                audience: https://billing.example.com
                actions:
                  - { name: billing.read, match: "GET /invoices" }
                  - { name: tickets.write, match: "GET /invoices/{id}" }
            agents:
              - id: triage-bot
                review_by: next week
                credentials:
                  - { type: private_key_jwt, jwks: { keys: [ { kty: EC, crv: P-256, x: a, y: b, d: secret } ] } }
                  - { type: workload, issuer: https://token.actions.githubusercontent.com, subject: repo:acme/bot }
                  - { type: client_secret_basic, secret: hunter2 }
                tools:
                  Tickets: [billing.read]
                  billing: [billing.read, tickets.list]
                  payroll: [payroll.run]
            admins:
              - id: triage-bot
                credentials: []
            trust:
              - issuer: https://k8s.example.com
                kind: workloads
            unknown: true
            """;

        var result = ConfigLoader.Parse(yaml);

        Assert.False(result.Succeeded);
        Assert.Null(result.Config);
        Assert.Equal(
            [
                "rein.yaml:1:9 issuer: must use https (http is allowed only for loopback hosts such as 127.0.0.1)",
                "rein.yaml:2:8 store: expected 'sqlite:PATH' or a PostgreSQL connection string such as 'Host=db;Database=rein;Username=rein' (value not shown: it may hold a password)",
                "rein.yaml:4:9 tools[0].id: invalid tool id 'Tickets': use lower-case letters, digits, '-', '_' and '.', starting with a letter or digit, at most 64 characters",
                "rein.yaml:5:15 tools[0].audience: expected an absolute URI such as https://tickets.example.com, found 'tickets'",
                "rein.yaml:6:15 tools[0].upstream: expected an absolute http(s) URL such as https://rein.example.com, found 'ftp://127.0.0.1'",
                "rein.yaml:7:11 tools[0].risk: unknown risk tier 'severe' (expected 'low', 'medium', 'high' or 'critical')",
                "rein.yaml:8:18 tools[0].signing_alg: unsupported signing_alg 'HS256' (expected 'ES256' or 'RS256')",
                "rein.yaml:10:17 tools[0].actions[0].name: invalid action name 'tickets read': use letters, digits, '.', '_', ':' and '-', at most 128 characters",
                "rein.yaml:10:40 tools[0].actions[0].match: unsupported method 'FETCH' (expected 'GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE' or 'OPTIONS')",
                "rein.yaml:11:39 tools[0].actions[1].match: the path 'tickets' must start with '/'",
                "rein.yaml:16:17 tools[1].actions[1].name: duplicate action name 'tickets.write' (also declared at tools[0].actions[1]); action names are unique across all tools",
                "rein.yaml:19:16 agents[0].review_by: expected a date as YYYY-MM-DD, found 'next week'",
                "rein.yaml:21:88 agents[0].credentials[0].jwks.keys[0].d: 'd' is private key material; publish only the public key and keep the private key secret",
                "rein.yaml:22:35 agents[0].credentials[1].issuer: issuer 'https://token.actions.githubusercontent.com' is not declared under 'trust'",
                "rein.yaml:23:9 agents[0].credentials[2].expires: 'expires' is required: a client secret must have an expiry date (YYYY-MM-DD)",
                "rein.yaml:23:38 agents[0].credentials[2].secret: a clear-text 'secret' is not allowed; remove it and set 'secret_sha256' to the base64url SHA-256 of the secret (printf %s \"$SECRET\" | openssl dgst -sha256 -binary | basenc --base64url | tr -d =)",
                "rein.yaml:25:17 agents[0].tools.Tickets[0]: action 'billing.read' belongs to tool 'billing', not 'Tickets'",
                "rein.yaml:26:31 agents[0].tools.billing[1]: unknown action 'tickets.list'",
                "rein.yaml:27:7 agents[0].tools.payroll: unknown tool 'payroll'",
                "rein.yaml:29:9 admins[0].id: duplicate client id 'triage-bot' (also declared at agents[0]); agent and admin ids share one namespace",
                "rein.yaml:30:18 admins[0].credentials: at least one credential is required, such as { type: private_key_jwt, jwks: { keys: [ ... ] } }",
                "rein.yaml:32:5 trust[0].jwks: either 'jwks' or 'jwks_uri' is required",
                "rein.yaml:33:11 trust[0].kind: unknown kind 'workloads' (did you mean 'workload'?)",
                "rein.yaml:34:1 unknown: unknown key 'unknown' (expected 'issuer', 'store', 'policies', 'tools', 'agents', 'admins', 'trust' or 'signals')",
            ],
            result.Errors.Select(error => error.ToString()));
    }

    [Fact]
    public void Load_SyntaxError_ReportsPosition()
    {
        const string Yaml = "tools:\n  - { id: tickets, audience: [https://x\n";

        var error = Assert.Single(ConfigLoader.Parse(Yaml).Errors);

        Assert.Equal("", error.Path);
        Assert.StartsWith("invalid YAML: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Load_TabIndentation_IsASyntaxError()
    {
        var error = Assert.Single(ConfigLoader.Parse("tools:\n\t- id: tickets\n").Errors);

        Assert.Equal("invalid YAML: While scanning a mapping, found invalid tab as indentation.", error.Message);
    }

    [Theory]
    [InlineData("a: [1,\nb: 2\n")]
    [InlineData("tools: [ { id: x\n")]
    [InlineData("a: 'unterminated\n")]
    [InlineData("a: b: c\n")]
    [InlineData("\"a\nb\": [\n")]
    [InlineData("agents:\n  - credentials:\n     : keys:\n        - kty: EC\n    tools: {}\n")]
    public void Load_MalformedYaml_IsReportedNotThrown(string yaml)
    {
        var result = ConfigLoader.Parse(yaml);

        Assert.Null(result.Config);
        var error = Assert.Single(result.Errors, error => error.Message.StartsWith("invalid YAML: ", StringComparison.Ordinal));
        Assert.True(error.Line >= 1);
    }

    [Fact]
    public void Load_DeepNesting_StopsReading()
    {
        var yaml = "tools: " + new string('[', 40) + new string(']', 40) + "\n";

        var error = Assert.Single(ConfigLoader.Parse(yaml).Errors);

        Assert.Equal("the document nests deeper than 32 levels", error.Message);
        Assert.Equal("tools" + string.Concat(Enumerable.Repeat("[0]", 31)), error.Path);
        Assert.Equal((1, 39), (error.Line, error.Column));
    }

    [Fact]
    public void Load_MaximalNesting_ReportsOneError()
    {
        var yaml = new string('[', ConfigLoader.MaxFileBytes);

        var error = Assert.Single(ConfigLoader.Parse(yaml).Errors);

        Assert.Equal("the document nests deeper than 32 levels", error.Message);
    }

    [Fact]
    public void Load_DeepNestingInsideRefusedTag_StopsReading()
    {
        var yaml = "tools: !x " + new string('[', 40) + new string(']', 40) + "\n";

        var errors = ConfigLoader.Parse(yaml).Errors.Select(error => (error.Line, error.Column, error.Message));

        Assert.Equal(
            [
                (1, 8, "the YAML tag '!x' is not supported in this file"),
                (1, 42, "the document nests deeper than 32 levels"),
            ],
            errors);
    }

    [Fact]
    public void Load_FlowAndBlockStyles_ReportTheSamePaths()
    {
        var block = $$"""
            agents:
              - id: bot
                credentials:
                  - type: private_key_jwt
                    jwks: {{Key.JwksYaml}}
                tools:
                  tickets:
                    - tickets.read
            """;
        var flow = $$"""
            agents: [ { id: bot, credentials: [ { type: private_key_jwt, jwks: {{Key.JwksYaml}} } ], tools: { tickets: [ tickets.read ] } } ]
            """;

        var blockError = Assert.Single(ConfigLoader.Parse(block).Errors);
        var flowError = Assert.Single(ConfigLoader.Parse(flow).Errors);

        Assert.Equal("rein.yaml:7:7 agents[0].tools.tickets: unknown tool 'tickets'", blockError.ToString());
        Assert.Equal("agents[0].tools.tickets", flowError.Path);
        Assert.Equal(1, flowError.Line);
    }
}
