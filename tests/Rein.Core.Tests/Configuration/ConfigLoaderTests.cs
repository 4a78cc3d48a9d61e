using Rein.Core.Configuration;

namespace Rein.Core.Tests.Configuration;

public sealed class ConfigLoaderTests
{
    private static readonly TestJwk AgentKey = TestJwk.Create("k1");
    private static readonly TestJwk AdminKey = TestJwk.Create("ops-1");
    private static readonly TestJwk ClusterKey = TestJwk.Create("cluster-1");

    /// <summary>The example of DESIGN §5, with real keys in place of the "...".</summary>
    private static string DesignExample => $$"""
        issuer: http://127.0.0.1:5080         # optional; defaults to the first listening URL
        tools:
          - id: tickets
            audience: https://tickets.example.internal
            upstream: http://127.0.0.1:7001
            risk: medium                      # low | medium | high | critical
            actions:
              - { name: tickets.read,  match: "GET /tickets/{id}" }
              - { name: tickets.write, match: "POST /tickets", risk: high }
        agents:
          - id: triage-bot                    # also the OAuth client_id
            owner: alice@example.com
            purpose: Triage incoming tickets
            environment: prod
            risk: high
            review_by: 2027-03-01
            require_dpop: true                # default true
            credentials:
              - type: private_key_jwt
                jwks: { keys: [ {{AgentKey.Yaml}} ] }
              - type: workload                # a token from a trusted issuer (k8s service account, SPIFFE JWT-SVID, CI OIDC)
                issuer: https://kubernetes.default.svc
                subject: system:serviceaccount:agents:triage-bot
            tools:
              tickets: [tickets.read, tickets.write]
        admins:                               # clients that may call the admin API (scope rein:admin)
          - id: ops
            credentials: [ { type: private_key_jwt, jwks: { keys: [ {{AdminKey.Yaml}} ] } } ]
        trust:                                # issuers whose tokens Rein accepts as workload or user credentials
          - issuer: https://kubernetes.default.svc
            jwks: { keys: [ {{ClusterKey.Yaml}} ] }           # or jwks_uri
            audience: rein
        """;

    [Fact]
    public void Load_DesignExample_LoadsEveryField()
    {
        var result = ConfigLoader.Parse(DesignExample);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Empty(result.Errors);
        var config = result.Config!;
        Assert.Equal("http://127.0.0.1:5080", config.Issuer);
        Assert.Null(config.Store);

        var tool = Assert.Single(config.Tools);
        Assert.Equal("tickets", tool.Id);
        Assert.Equal("https://tickets.example.internal", tool.Audience);
        Assert.Equal("http://127.0.0.1:7001", tool.Upstream);
        Assert.Equal(RiskTier.Medium, tool.Risk);
        Assert.Equal("ES256", tool.SigningAlgorithm);
        Assert.False(tool.AllowBearer);
        Assert.True(tool.TransactionToken);
        Assert.Equal(
            [
                new ActionConfig { Name = "tickets.read", Method = "GET", PathTemplate = "/tickets/{id}" },
                new ActionConfig { Name = "tickets.write", Method = "POST", PathTemplate = "/tickets", Risk = RiskTier.High },
            ],
            tool.Actions);

        var agent = Assert.Single(config.Agents);
        Assert.Equal("triage-bot", agent.Id);
        Assert.Equal("alice@example.com", agent.Owner);
        Assert.Equal("Triage incoming tickets", agent.Purpose);
        Assert.Equal("prod", agent.Environment);
        Assert.Equal(RiskTier.High, agent.Risk);
        Assert.Equal(new DateOnly(2027, 3, 1), agent.ReviewBy);
        Assert.True(agent.RequireDpop);
        Assert.Equal(2, agent.Credentials.Count);
        Assert.Equal(AgentKey.JwksJson, Assert.IsType<PrivateKeyJwtCredential>(agent.Credentials[0]).JwksJson);
        Assert.Equal(
            new WorkloadCredential { Issuer = "https://kubernetes.default.svc", Subject = "system:serviceaccount:agents:triage-bot" },
            agent.Credentials[1]);
        var binding = Assert.Single(agent.Tools);
        Assert.Equal("tickets", binding.Key);
        Assert.Equal(["tickets.read", "tickets.write"], binding.Value);

        var admin = Assert.Single(config.Admins);
        Assert.Equal("ops", admin.Id);
        Assert.Equal(AdminKey.JwksJson, Assert.IsType<PrivateKeyJwtCredential>(Assert.Single(admin.Credentials)).JwksJson);

        var trust = Assert.Single(config.Trust);
        Assert.Equal("https://kubernetes.default.svc", trust.Issuer);
        Assert.Equal(ClusterKey.JwksJson, trust.JwksJson);
        Assert.Null(trust.JwksUri);
        Assert.Equal("rein", trust.Audience);
        Assert.Equal("workload", trust.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing but a comment\n")]
    [InlineData("~\n")]
    [InlineData("---\n")]
    public void Load_EmptyFile_ReturnsEmptyConfig(string yaml)
    {
        var result = ConfigLoader.Parse(yaml);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Same(ReinConfig.Empty, result.Config);
    }

    [Fact]
    public void Load_EmptySections_AreValid()
    {
        var result = ConfigLoader.Parse("tools: []\nagents:\nadmins: ~\ntrust: []\n");

        Assert.True(result.Succeeded, result.ToString());
        Assert.Empty(result.Config!.Tools);
        Assert.Empty(result.Config.Agents);
        Assert.Empty(result.Config.Admins);
        Assert.Empty(result.Config.Trust);
    }

    [Fact]
    public void Load_Defaults_AreApplied()
    {
        var yaml = $$"""
            tools:
              - id: search
                audience: urn:rein:tool:search
                actions: [ { name: search.query, match: "get /search/{*rest}" } ]
            agents:
              - id: bot
                credentials: [ { type: private_key_jwt, jwks: {{AgentKey.JwksYaml}} } ]
            """;

        var result = ConfigLoader.Parse(yaml);

        Assert.True(result.Succeeded, result.ToString());
        var tool = Assert.Single(result.Config!.Tools);
        Assert.Equal(RiskTier.Medium, tool.Risk);
        Assert.Equal("ES256", tool.SigningAlgorithm);
        Assert.Null(tool.Upstream);
        Assert.Equal(new ActionConfig { Name = "search.query", Method = "GET", PathTemplate = "/search/{*rest}" }, Assert.Single(tool.Actions));
        var agent = Assert.Single(result.Config.Agents);
        Assert.True(agent.RequireDpop);
        Assert.Null(agent.ReviewBy);
        Assert.Empty(agent.Tools);
    }

    [Fact]
    public void Load_AllOptionalFields_AreRead()
    {
        var yaml = $$"""
            store: "Host=db;Database=rein;Username=rein"
            tools:
              - id: wiki
                audience: https://wiki.example.com
                upstream: https://wiki.internal.example.com/api
                risk: low
                signing_alg: RS256
                allow_bearer: true
                transaction_token: false
                actions: [ { name: "wiki:read", match: "GET /pages/{slug}" } ]
            agents:
              - id: legacy-bot
                require_dpop: false
                credentials:
                  - { type: client_secret_basic, secret_sha256: 47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU, expires: 2027-01-01 }
                  - { type: workload, issuer: "spiffe://example.org", subject: "spiffe://example.org/ns/agents/sa/legacy-bot" }
            trust:
              - { issuer: "spiffe://example.org", kind: spiffe, jwks_uri: "https://spire.example.org/keys" }
              - { issuer: "http://localhost:8080/realms/dev", kind: user, jwks_uri: "http://localhost:8080/realms/dev/certs", audience: rein, groups_claim: "https://example.com/claims/groups" }
            """;

        var result = ConfigLoader.Parse(yaml);

        Assert.True(result.Succeeded, result.ToString());
        var config = result.Config!;
        Assert.Equal("Host=db;Database=rein;Username=rein", config.Store);
        var tool = Assert.Single(config.Tools);
        Assert.Equal(RiskTier.Low, tool.Risk);
        Assert.Equal("RS256", tool.SigningAlgorithm);
        Assert.True(tool.AllowBearer);
        Assert.False(tool.TransactionToken);
        var agent = Assert.Single(config.Agents);
        Assert.False(agent.RequireDpop);
        Assert.Equal(
            new ClientSecretCredential { SecretSha256 = "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU", Expires = new DateOnly(2027, 1, 1) },
            agent.Credentials[0]);
        Assert.Equal(
            new TrustConfig { Issuer = "spiffe://example.org", Kind = "spiffe", JwksUri = "https://spire.example.org/keys" },
            config.Trust[0]);
        Assert.Equal("user", config.Trust[1].Kind);
        Assert.Equal("https://example.com/claims/groups", config.Trust[1].GroupsClaim);
        Assert.Null(config.Trust[0].GroupsClaim);
    }

    [Fact]
    public void Load_Jwks_IsConvertedToCanonicalJson()
    {
        var yaml = """
            admins:
              - id: ops
                credentials:
                  - type: private_key_jwt
                    jwks:
                      keys:
                        - kty: RSA
                          n: "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
                          e: AQAB
                          key_ops: [verify]
                          x5c: ["MIIB+zCCAWSgAwIBAgIUQ=="]
                          kid: "2011-04-29"
            """;

        var result = ConfigLoader.Parse(yaml);

        Assert.True(result.Succeeded, result.ToString());
        var credential = Assert.IsType<PrivateKeyJwtCredential>(Assert.Single(Assert.Single(result.Config!.Admins).Credentials));
        Assert.Equal(
            """{"keys":[{"e":"AQAB","key_ops":["verify"],"kid":"2011-04-29","kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","x5c":["MIIB+zCCAWSgAwIBAgIUQ=="]}]}""",
            credential.JwksJson);
    }

    [Fact]
    public void Load_ToolIdWithDot_UsesBracketPath()
    {
        var yaml = $$"""
            tools:
              - { id: billing.v2, audience: "https://billing.example.com", actions: [ { name: billing.read, match: "GET /invoices" } ] }
            agents:
              - id: bot
                credentials: [ { type: private_key_jwt, jwks: {{AgentKey.JwksYaml}} } ]
                tools:
                  billing.v2: [billing.reed]
            """;

        var error = Assert.Single(ConfigLoader.Parse(yaml).Errors);

        Assert.Equal("agents[0].tools['billing.v2'][0]", error.Path);
        Assert.Equal("unknown action 'billing.reed' (did you mean 'billing.read'?)", error.Message);
        Assert.Equal((7, 20), (error.Line, error.Column));
    }

    [Fact]
    public void Load_Result_IsImmutable()
    {
        var config = ConfigLoader.Parse(DesignExample).Config!;

        Assert.Throws<NotSupportedException>(() => ((IList<ToolConfig>)config.Tools).Add(config.Tools[0]));
        Assert.Throws<NotSupportedException>(() => ((IDictionary<string, IReadOnlyList<string>>)config.Agents[0].Tools).Clear());
    }
}
