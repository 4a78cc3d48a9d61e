using Rein.Core.Configuration;

namespace Rein.Core.Tests.Configuration;

/// <summary>Every kind of error, each in an otherwise valid file, with its exact path and message.</summary>
public sealed class ConfigErrorKindTests
{
    private static readonly string Jwks = TestJwk.Create("k1").JwksYaml;

    private const string Tickets =
        "tools:\n"
        + "  - id: tickets\n"
        + "    audience: https://tickets.example.com\n"
        + "    actions:\n"
        + "      - { name: tickets.read, match: \"GET /tickets/{id}\" }\n"
        + "      - { name: tickets.write, match: \"POST /tickets\" }\n";

    private const string Billing =
        "  - id: billing\n"
        + "    audience: https://billing.example.com\n"
        + "    actions: [ { name: billing.read, match: \"GET /invoices\" } ]\n";

    private const string Cluster = "trust:\n  - { issuer: https://k8s.example.com, jwks_uri: https://k8s.example.com/openid/v1/jwks }\n";

    private static string KeyCredential => $"{{ type: private_key_jwt, jwks: {Jwks} }}";

    /// <summary>A tool with one action, as a flow mapping with the given extra fields.</summary>
    private static string Tool(string fields) =>
        $"tools:\n  - {{ id: tickets, audience: https://tickets.example.com, actions: [ {{ name: tickets.read, match: \"GET /tickets\" }} ], {fields} }}\n";

    /// <summary>One action on the tickets tool, as a flow mapping.</summary>
    private static string Action(string action) =>
        $"tools:\n  - {{ id: tickets, audience: https://tickets.example.com, actions: [ {action} ] }}\n";

    /// <summary>The tickets tool and an agent 'bot' with the given field lines (indented by four spaces).</summary>
    private static string Agent(string lines) => Tickets + "agents:\n  - id: bot\n" + lines;

    /// <summary>The tickets tool, the cluster issuer and an agent 'bot' with the given credential.</summary>
    private static string AgentCredential(string credential) =>
        Tickets + Cluster + $"agents:\n  - id: bot\n    credentials: [ {credential} ]\n";

    private static string AgentJwks(string jwks) =>
        AgentCredential($"{{ type: private_key_jwt, jwks: {jwks} }}");

    public static TheoryData<string, string, string, string> Cases => new()
    {
        // The document.
        { "root is a list", "- tools\n", "", "expected a mapping, found a list" },
        { "unknown root key", "tols: []\n", "tols", "unknown key 'tols' (did you mean 'tools'?)" },
        { "unknown root key without suggestion", "colour: blue\n", "colour", "unknown key 'colour' (expected 'issuer', 'store', 'policies', 'tools', 'agents', 'admins', 'trust', 'grants', 'transaction_tokens' or 'signals')" },
        { "duplicate key", "issuer: https://a.example.com\nissuer: https://b.example.com\n", "issuer", "duplicate key 'issuer' (first defined at line 1)" },
        { "section not a list", "tools: { id: tickets }\n", "tools", "expected a list, found a mapping" },
        { "string expected", "issuer: [ https://a.example.com ]\n", "issuer", "expected a string, found a list" },
        { "alias", "issuer: &i https://a.example.com\nstore: *i\n", "store", "aliases (*i) are not supported in this file; write the value out in full" },
        { "tag", "tools: !include tools.yaml\n", "tools", "the YAML tag '!include' is not supported in this file" },
        { "second document", "issuer: https://a.example.com\n---\nissuer: https://b.example.com\n", "", "only one YAML document is allowed; remove the '---' separator and what follows it" },
        { "complex key", "? [a, b]\n: c\n", "", "a mapping key must be a plain string, not a list or mapping" },

        // issuer and store.
        { "issuer not a URL", "issuer: rein\n", "issuer", "expected an absolute http(s) URL such as https://rein.example.com, found 'rein'" },
        { "issuer not http", "issuer: ftp://rein.example.com\n", "issuer", "expected an absolute http(s) URL such as https://rein.example.com, found 'ftp://rein.example.com'" },
        { "issuer http on a public host", "issuer: http://rein.example.com\n", "issuer", "must use https (http is allowed only for loopback hosts such as 127.0.0.1)" },
        { "issuer with query", "issuer: https://rein.example.com/?tenant=1\n", "issuer", "must not have a query ('?...')" },
        { "issuer with fragment", "issuer: https://rein.example.com/#x\n", "issuer", "must not have a fragment ('#...')" },
        { "issuer with user info", "issuer: https://admin:pw@rein.example.com\n", "issuer", "must not contain a user name or password" },
        { "issuer with space", "issuer: 'https://rein.example.com /x'\n", "issuer", "must not contain spaces" },
        { "store unknown", "store: mysql://root:hunter2@db/rein\n", "store", "expected 'sqlite:PATH' or a PostgreSQL connection string such as 'Host=db;Database=rein;Username=rein' (value not shown: it may hold a password)" },
        { "store sqlite without path", "store: 'sqlite:'\n", "store", "expected a file path after 'sqlite:'" },

        // Tools.
        { "tool id missing", "tools:\n  - { audience: https://tickets.example.com, actions: [ { name: tickets.read, match: \"GET /t\" } ] }\n", "tools[0].id", "'id' is required" },
        { "tool id invalid", "tools:\n  - { id: Tickets, audience: https://tickets.example.com, actions: [ { name: tickets.read, match: \"GET /t\" } ] }\n", "tools[0].id", "invalid tool id 'Tickets': use lower-case letters, digits, '-', '_' and '.', starting with a letter or digit, at most 64 characters" },
        { "tool id too long", $"tools:\n  - {{ id: {new string('a', 65)}, audience: https://tickets.example.com, actions: [ {{ name: tickets.read, match: \"GET /t\" }} ] }}\n", "tools[0].id", $"invalid tool id '{new string('a', 64)}…': use lower-case letters, digits, '-', '_' and '.', starting with a letter or digit, at most 64 characters" },
        { "tool id duplicate", Tickets + "  - { id: tickets, audience: https://other.example.com, actions: [ { name: other.read, match: \"GET /o\" } ] }\n", "tools[1].id", "duplicate tool id 'tickets' (also declared at tools[0])" },
        { "tool unknown key", Tool("upstrem: http://127.0.0.1:7001"), "tools[0].upstrem", "unknown key 'upstrem' (did you mean 'upstream'?)" },
        { "audience missing", "tools:\n  - { id: tickets, actions: [ { name: tickets.read, match: \"GET /t\" } ] }\n", "tools[0].audience", "'audience' is required" },
        { "audience relative", "tools:\n  - { id: tickets, audience: /tickets, actions: [ { name: tickets.read, match: \"GET /t\" } ] }\n", "tools[0].audience", "expected an absolute URI such as https://tickets.example.com, found '/tickets'" },
        { "audience with fragment", "tools:\n  - { id: tickets, audience: \"https://tickets.example.com#a\", actions: [ { name: tickets.read, match: \"GET /t\" } ] }\n", "tools[0].audience", "must not have a fragment ('#...')" },
        { "audience duplicate", Tickets + "  - { id: other, audience: https://tickets.example.com, actions: [ { name: other.read, match: \"GET /o\" } ] }\n", "tools[1].audience", "audience 'https://tickets.example.com' is already used by tool 'tickets'" },
        { "upstream not http", Tool("upstream: ftp://files.example.com"), "tools[0].upstream", "expected an absolute http(s) URL such as https://rein.example.com, found 'ftp://files.example.com'" },
        { "upstream with query", Tool("upstream: \"http://127.0.0.1:7001/?key=1\""), "tools[0].upstream", "must not have a query ('?...')" },
        { "risk unknown", Tool("risk: hihg"), "tools[0].risk", "unknown risk tier 'hihg' (did you mean 'high'?)" },
        { "risk unknown without suggestion", Tool("risk: extreme"), "tools[0].risk", "unknown risk tier 'extreme' (expected 'low', 'medium', 'high' or 'critical')" },
        { "signing_alg unsupported", Tool("signing_alg: HS256"), "tools[0].signing_alg", "unsupported signing_alg 'HS256' (expected 'ES256' or 'RS256')" },
        { "allow_bearer not a boolean", Tool("allow_bearer: yes"), "tools[0].allow_bearer", "expected true or false (unquoted), found 'yes'" },
        { "allow_bearer quoted", Tool("allow_bearer: \"true\""), "tools[0].allow_bearer", "expected true or false (unquoted), found 'true'" },
        { "allow_bearer on a high risk tool", Tool("risk: high, allow_bearer: true"), "tools[0].allow_bearer", "bearer tokens are not allowed on a high risk tool; remove allow_bearer so tokens stay sender-constrained" },
        { "allow_bearer on a critical risk tool", Tool("risk: critical, allow_bearer: true"), "tools[0].allow_bearer", "bearer tokens are not allowed on a critical risk tool; remove allow_bearer so tokens stay sender-constrained" },
        { "allow_bearer with a high risk action", "tools:\n  - { id: tickets, audience: https://tickets.example.com, allow_bearer: true, actions: [ { name: tickets.write, match: \"POST /t\", risk: high } ] }\n", "tools[0].allow_bearer", "bearer tokens are not allowed on a tool with high risk actions ('tickets.write'); remove allow_bearer so tokens stay sender-constrained" },
        { "transaction_token not a boolean", Tool("transaction_token: off"), "tools[0].transaction_token", "expected true or false (unquoted), found 'off'" },
        { "transaction_token off on a high risk tool", Tool("risk: high, transaction_token: false"), "tools[0].transaction_token", "a high risk tool always gets a transaction token per call; remove transaction_token: false" },
        { "transaction_token off on a critical risk tool", Tool("risk: critical, transaction_token: false"), "tools[0].transaction_token", "a critical risk tool always gets a transaction token per call; remove transaction_token: false" },
        { "transaction_token off with a high risk action", "tools:\n  - { id: tickets, audience: https://tickets.example.com, transaction_token: false, actions: [ { name: tickets.write, match: \"POST /t\", risk: critical } ] }\n", "tools[0].transaction_token", "a tool with critical risk actions ('tickets.write') always gets a transaction token per call; remove transaction_token: false" },
        { "no actions", "tools:\n  - { id: tickets, audience: https://tickets.example.com }\n", "tools[0].actions", "at least one action is required, such as { name: tickets.read, match: \"GET /tickets/{id}\" }" },

        // Actions.
        { "action name missing", Action("{ match: \"GET /t\" }"), "tools[0].actions[0].name", "'name' is required" },
        { "action name invalid", Action("{ name: tickets read, match: \"GET /t\" }"), "tools[0].actions[0].name", "invalid action name 'tickets read': use letters, digits, '.', '_', ':' and '-', at most 128 characters" },
        { "action name duplicate across tools", Tickets + "  - { id: other, audience: https://other.example.com, actions: [ { name: tickets.read, match: \"GET /o\" } ] }\n", "tools[1].actions[0].name", "duplicate action name 'tickets.read' (also declared at tools[0].actions[0]); action names are unique across all tools" },
        { "action unknown key", Action("{ name: tickets.read, match: \"GET /t\", scope: x }"), "tools[0].actions[0].scope", "unknown key 'scope' (expected 'name', 'match', 'risk' or 'approval')" },
        { "action risk unknown", Action("{ name: tickets.read, match: \"GET /t\", risk: lo }"), "tools[0].actions[0].risk", "unknown risk tier 'lo' (did you mean 'low'?)" },
        { "match missing", Action("{ name: tickets.read }"), "tools[0].actions[0].match", "'match' is required, such as \"GET /tickets/{id}\"" },
        { "match without path", Action("{ name: tickets.read, match: GET }"), "tools[0].actions[0].match", "expected 'METHOD /path' such as 'GET /tickets/{id}', found 'GET'" },
        { "match method unsupported", Action("{ name: tickets.read, match: \"FETCH /t\" }"), "tools[0].actions[0].match", "unsupported method 'FETCH' (expected 'GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE' or 'OPTIONS')" },
        { "match path relative", Action("{ name: tickets.read, match: \"GET tickets\" }"), "tools[0].actions[0].match", "the path 'tickets' must start with '/'" },
        { "match path with query", Action("{ name: tickets.read, match: \"GET /t?x=1\" }"), "tools[0].actions[0].match", "the path '/t?x=1' must not contain a query or fragment" },
        { "match path empty segment", Action("{ name: tickets.read, match: \"GET /a//b\" }"), "tools[0].actions[0].match", "the path '/a//b' is invalid: empty segment ('//')" },
        { "match catch-all not last", Action("{ name: tickets.read, match: \"GET /files/{*rest}/x\" }"), "tools[0].actions[0].match", "the path '/files/{*rest}/x' is invalid: the catch-all '{*rest}' must be the last segment" },
        { "match partial parameter", Action("{ name: tickets.read, match: \"GET /files/{name}.json\" }"), "tools[0].actions[0].match", "the path '/files/{name}.json' is invalid: '{name}.json': a parameter must be a whole segment, such as /files/{name}" },
        { "match bad parameter name", Action("{ name: tickets.read, match: \"GET /files/{1st}\" }"), "tools[0].actions[0].match", "the path '/files/{1st}' is invalid: '{1st}' is not a parameter name (letters, digits and '_', not starting with a digit)" },
        { "match duplicate parameter", Action("{ name: tickets.read, match: \"GET /a/{id}/b/{id}\" }"), "tools[0].actions[0].match", "the path '/a/{id}/b/{id}' is invalid: the parameter 'id' appears twice" },
        { "match bad character", Action("{ name: tickets.read, match: \"GET /a^b\" }"), "tools[0].actions[0].match", "the path '/a^b' is invalid: the character '^' is not allowed in a path" },
        { "match overlaps another action", Action("{ name: tickets.read, match: \"GET /t/{id}\" }, { name: tickets.get, match: \"GET /t/{key}\" }"), "tools[0].actions[1].match", "'GET /t/{key}' matches the same requests as action 'tickets.read'" },

        // Agents.
        { "agent id missing", Tickets + $"agents:\n  - credentials: [ {KeyCredential} ]\n", "agents[0].id", "'id' is required" },
        { "agent id invalid", Tickets + $"agents:\n  - id: Triage Bot\n    credentials: [ {KeyCredential} ]\n", "agents[0].id", "invalid client id 'Triage Bot': use lower-case letters, digits, '-', '_' and '.', starting with a letter or digit, at most 64 characters" },
        { "agent id duplicate", Agent($"    credentials: [ {KeyCredential} ]\n  - id: bot\n    credentials: [ {KeyCredential} ]\n"), "agents[1].id", "duplicate client id 'bot' (also declared at agents[0]); agent and admin ids share one namespace" },
        { "agent id same as admin", Agent($"    credentials: [ {KeyCredential} ]\nadmins:\n  - id: bot\n    credentials: [ {KeyCredential} ]\n"), "admins[0].id", "duplicate client id 'bot' (also declared at agents[0]); agent and admin ids share one namespace" },
        { "agent unknown key", Agent($"    credentials: [ {KeyCredential} ]\n    ownr: alice@example.com\n"), "agents[0].ownr", "unknown key 'ownr' (did you mean 'owner'?)" },
        { "review_by not a date", Agent($"    credentials: [ {KeyCredential} ]\n    review_by: 2027-13-01\n"), "agents[0].review_by", "expected a date as YYYY-MM-DD, found '2027-13-01'" },
        { "require_dpop not a boolean", Agent($"    credentials: [ {KeyCredential} ]\n    require_dpop: off\n"), "agents[0].require_dpop", "expected true or false (unquoted), found 'off'" },
        { "no credentials", Agent("    owner: alice@example.com\n"), "agents[0].credentials", "at least one credential is required, such as { type: private_key_jwt, jwks: { keys: [ ... ] } }" },
        { "credential not a mapping", Agent("    credentials: [ private_key_jwt ]\n"), "agents[0].credentials[0]", "expected a mapping, found the value 'private_key_jwt'" },

        // Tool bindings.
        { "binding unknown tool", Agent($"    credentials: [ {KeyCredential} ]\n    tools: {{ tickts: [tickets.read] }}\n"), "agents[0].tools.tickts", "unknown tool 'tickts' (did you mean 'tickets'?)" },
        { "binding unknown tool without suggestion", Agent($"    credentials: [ {KeyCredential} ]\n    tools: {{ payroll: [payroll.run] }}\n"), "agents[0].tools.payroll", "unknown tool 'payroll'" },
        { "binding unknown action", Agent($"    credentials: [ {KeyCredential} ]\n    tools: {{ tickets: [tickets.read, tickets.delete] }}\n"), "agents[0].tools.tickets[1]", "unknown action 'tickets.delete'" },
        { "binding misspelled action", Agent($"    credentials: [ {KeyCredential} ]\n    tools: {{ tickets: [tickets.raed] }}\n"), "agents[0].tools.tickets[0]", "unknown action 'tickets.raed' (did you mean 'tickets.read'?)" },
        { "binding action of another tool", Tickets + Billing + $"agents:\n  - id: bot\n    credentials: [ {KeyCredential} ]\n    tools: {{ tickets: [billing.read] }}\n", "agents[0].tools.tickets[0]", "action 'billing.read' belongs to tool 'billing', not 'tickets'" },
        { "binding action twice", Agent($"    credentials: [ {KeyCredential} ]\n    tools: {{ tickets: [tickets.read, tickets.read] }}\n"), "agents[0].tools.tickets[1]", "action 'tickets.read' is listed twice" },
        { "binding without actions", Agent($"    credentials: [ {KeyCredential} ]\n    tools: {{ tickets: [] }}\n"), "agents[0].tools.tickets", "list at least one action of tool 'tickets', or remove the binding" },
        { "binding not a list", Agent($"    credentials: [ {KeyCredential} ]\n    tools: {{ tickets: tickets.read }}\n"), "agents[0].tools.tickets", "expected a list, found the value 'tickets.read'" },
        { "binding duplicate tool", Agent($"    credentials: [ {KeyCredential} ]\n    tools:\n      tickets: [tickets.read]\n      tickets: [tickets.write]\n"), "agents[0].tools.tickets", "duplicate key 'tickets' (first defined at line 11)" },

        // Credentials.
        { "credential type missing", AgentCredential("{ issuer: https://k8s.example.com, subject: bot }"), "agents[0].credentials[0].type", "'type' is required ('private_key_jwt', 'workload' or 'client_secret_basic')" },
        { "credential type unknown", AgentCredential($"{{ type: private_key_jw, jwks: {Jwks} }}"), "agents[0].credentials[0].type", "unknown credential type 'private_key_jw' (did you mean 'private_key_jwt'?)" },
        { "credential type unknown without suggestion", AgentCredential("{ type: mtls }"), "agents[0].credentials[0].type", "unknown credential type 'mtls' (expected 'private_key_jwt', 'workload' or 'client_secret_basic')" },
        { "credential unknown key", AgentCredential("{ type: workload, issuer: https://k8s.example.com, subjet: bot }"), "agents[0].credentials[0].subjet", "unknown key 'subjet' (did you mean 'subject'?)" },
        { "jwks missing", AgentCredential("{ type: private_key_jwt }"), "agents[0].credentials[0].jwks", "'jwks' is required" },
        { "jwks_uri on private_key_jwt", AgentCredential($"{{ type: private_key_jwt, jwks: {Jwks}, jwks_uri: https://bot.example.com/jwks }}"), "agents[0].credentials[0].jwks_uri", "'jwks_uri' is not supported for private_key_jwt credentials; put the public keys inline under 'jwks'" },
        { "jwks_uri instead of jwks", AgentCredential("{ type: private_key_jwt, jwks_uri: https://bot.example.com/jwks }"), "agents[0].credentials[0].jwks_uri", "'jwks_uri' is not supported for private_key_jwt credentials; put the public keys inline under 'jwks'" },
        { "jwks not a mapping", AgentJwks("'{\"keys\":[]}'"), "agents[0].credentials[0].jwks", "expected a JWKS mapping such as { keys: [ { kty: EC, crv: P-256, x: ..., y: ... } ] }, found the value '{\"keys\":[]}'" },
        { "jwks without keys", AgentJwks("{ kty: EC }"), "agents[0].credentials[0].jwks.keys", "'keys' is required" },
        { "jwks keys not a list", AgentJwks("{ keys: { kty: EC } }"), "agents[0].credentials[0].jwks.keys", "expected a list of keys" },
        { "jwks keys empty", AgentJwks("{ keys: [] }"), "agents[0].credentials[0].jwks.keys", "at least one key is required" },
        { "jwks key not a mapping", AgentJwks("{ keys: [ EC ] }"), "agents[0].credentials[0].jwks.keys[0]", "expected a key (a JWK mapping with 'kty')" },
        { "jwks key without kty", AgentJwks("{ keys: [ { crv: P-256, x: a, y: b } ] }"), "agents[0].credentials[0].jwks.keys[0].kty", "'kty' is required (EC, RSA or OKP)" },
        { "jwks symmetric key", AgentJwks("{ keys: [ { kty: oct, alg: HS256 } ] }"), "agents[0].credentials[0].jwks.keys[0].kty", "symmetric keys (kty 'oct') are not allowed; use a public EC, RSA or OKP key" },
        { "jwks private key", AgentJwks("{ keys: [ { kty: EC, crv: P-256, x: a, y: b, d: c } ] }"), "agents[0].credentials[0].jwks.keys[0].d", "'d' is private key material; publish only the public key and keep the private key secret" },
        { "jwks duplicate kid", AgentJwks("{ keys: [ { kty: EC, kid: k1 }, { kty: EC, kid: k1 } ] }"), "agents[0].credentials[0].jwks.keys[1].kid", "duplicate kid 'k1' (also at agents[0].credentials[0].jwks.keys[0])" },
        { "jwks duplicate member", AgentJwks("{ keys: [ { kty: EC, kty: RSA } ] }"), "agents[0].credentials[0].jwks.keys[0].kty", "duplicate key 'kty' (first defined at line 11)" },
        { "workload issuer missing", AgentCredential("{ type: workload, subject: bot }"), "agents[0].credentials[0].issuer", "'issuer' is required" },
        { "workload subject missing", AgentCredential("{ type: workload, issuer: https://k8s.example.com }"), "agents[0].credentials[0].subject", "'subject' is required" },
        { "workload issuer not trusted", AgentCredential("{ type: workload, issuer: https://token.actions.githubusercontent.com, subject: bot }"), "agents[0].credentials[0].issuer", "issuer 'https://token.actions.githubusercontent.com' is not declared under 'trust'" },
        { "workload issuer misspelled", AgentCredential("{ type: workload, issuer: https://k8s.example.co, subject: bot }"), "agents[0].credentials[0].issuer", "issuer 'https://k8s.example.co' is not declared under 'trust' (did you mean 'https://k8s.example.com'?)" },
        { "workload issuer trusted for users", Tickets + "trust:\n  - { issuer: https://idp.example.com, kind: user, jwks_uri: https://idp.example.com/jwks }\nagents:\n  - id: bot\n    credentials: [ { type: workload, issuer: https://idp.example.com, subject: bot } ]\n", "agents[0].credentials[0].issuer", "issuer 'https://idp.example.com' is trusted for user tokens (kind: user), not workload credentials" },
        { "workload identity on two clients", Tickets + Cluster + "agents:\n  - id: bot\n    credentials: [ { type: workload, issuer: https://k8s.example.com, subject: sa } ]\nadmins:\n  - id: ops\n    credentials: [ { type: workload, issuer: https://k8s.example.com, subject: sa } ]\n", "admins[0].credentials[0].subject", "this issuer and subject already identify agents[0]; a workload identity can belong to only one client" },
        { "spiffe subject outside trust domain", Tickets + "trust:\n  - { issuer: \"spiffe://example.org\", kind: spiffe, jwks_uri: https://spire.example.org/keys }\nagents:\n  - id: bot\n    credentials: [ { type: workload, issuer: \"spiffe://example.org\", subject: \"spiffe://other.org/bot\" } ]\n", "agents[0].credentials[0].subject", "expected a SPIFFE ID in the trust domain, such as spiffe://example.org/ns/agents/sa/my-agent" },
        { "client secret in clear text", AgentCredential("{ type: client_secret_basic, secret: hunter2, expires: 2027-01-01 }"), "agents[0].credentials[0].secret", "a clear-text 'secret' is not allowed; remove it and set 'secret_sha256' to the base64url SHA-256 of the secret (printf %s \"$SECRET\" | openssl dgst -sha256 -binary | basenc --base64url | tr -d =)" },
        { "client secret hash missing", AgentCredential("{ type: client_secret_basic, expires: 2027-01-01 }"), "agents[0].credentials[0].secret_sha256", "'secret_sha256' is required" },
        { "client secret hash in hex", AgentCredential("{ type: client_secret_basic, secret_sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855, expires: 2027-01-01 }"), "agents[0].credentials[0].secret_sha256", "this looks like a hex digest; write the SHA-256 as unpadded base64url (43 characters)" },
        { "client secret hash malformed", AgentCredential("{ type: client_secret_basic, secret_sha256: \"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\", expires: 2027-01-01 }"), "agents[0].credentials[0].secret_sha256", "expected the unpadded base64url SHA-256 of the secret: 43 characters of A-Z, a-z, 0-9, '-' and '_'" },
        { "client secret without expiry", AgentCredential("{ type: client_secret_basic, secret_sha256: 47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU }"), "agents[0].credentials[0].expires", "'expires' is required: a client secret must have an expiry date (YYYY-MM-DD)" },
        { "client secret expiry malformed", AgentCredential("{ type: client_secret_basic, secret_sha256: 47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU, expires: 01/01/2027 }"), "agents[0].credentials[0].expires", "expected a date as YYYY-MM-DD, found '01/01/2027'" },
        { "admin with client secret", $"admins:\n  - id: ops\n    credentials: [ {{ type: client_secret_basic, secret_sha256: 47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU, expires: 2027-01-01 }} ]\n", "admins[0].credentials[0].type", "admins must use private_key_jwt or workload credentials, not client_secret_basic" },
        { "admin without credentials", "admins:\n  - id: ops\n", "admins[0].credentials", "at least one credential is required, such as { type: private_key_jwt, jwks: { keys: [ ... ] } }" },
        { "admin unknown key", $"admins:\n  - id: ops\n    credentials: [ {KeyCredential} ]\n    tools: {{ tickets: [tickets.read] }}\n", "admins[0].tools", "unknown key 'tools' (expected 'id' or 'credentials')" },

        // Trust.
        { "trust issuer missing", "trust:\n  - { jwks_uri: https://k8s.example.com/jwks }\n", "trust[0].issuer", "'issuer' is required" },
        { "trust issuer http on a public host", "trust:\n  - { issuer: http://k8s.example.com, jwks_uri: https://k8s.example.com/jwks }\n", "trust[0].issuer", "must use https (http is allowed only for loopback hosts such as 127.0.0.1)" },
        { "trust issuer duplicate", Cluster + "  - { issuer: https://k8s.example.com, jwks_uri: https://k8s.example.com/other }\n", "trust[1].issuer", "duplicate trusted issuer 'https://k8s.example.com' (also declared at trust[0])" },
        { "trust kind unknown", "trust:\n  - { issuer: https://k8s.example.com, jwks_uri: https://k8s.example.com/jwks, kind: workloda }\n", "trust[0].kind", "unknown kind 'workloda' (did you mean 'workload'?)" },
        { "trust kind unknown without suggestion", "trust:\n  - { issuer: https://k8s.example.com, jwks_uri: https://k8s.example.com/jwks, kind: robot }\n", "trust[0].kind", "unknown kind 'robot' (expected 'workload', 'spiffe' or 'user')" },
        { "trust spiffe issuer without kind", "trust:\n  - { issuer: \"spiffe://example.org\", jwks_uri: https://spire.example.org/keys }\n", "trust[0].issuer", "a spiffe:// issuer is a SPIFFE trust domain and needs 'kind: spiffe'" },
        { "trust spiffe issuer with path", "trust:\n  - { issuer: \"spiffe://example.org/ns\", kind: spiffe, jwks_uri: https://spire.example.org/keys }\n", "trust[0].issuer", "expected a SPIFFE trust domain such as spiffe://example.org (lower-case, no path, port or query), found 'spiffe://example.org/ns'" },
        { "trust jwks and jwks_uri", $"trust:\n  - {{ issuer: https://k8s.example.com, jwks: {Jwks}, jwks_uri: https://k8s.example.com/jwks }}\n", "trust[0].jwks_uri", "'jwks' and 'jwks_uri' are mutually exclusive; keep one" },
        { "trust without keys", "trust:\n  - { issuer: https://k8s.example.com }\n", "trust[0].jwks", "either 'jwks' or 'jwks_uri' is required" },
        { "trust jwks_uri http on a public host", "trust:\n  - { issuer: https://k8s.example.com, jwks_uri: http://k8s.example.com/jwks }\n", "trust[0].jwks_uri", "must use https (http is allowed only for loopback hosts such as 127.0.0.1)" },
        { "trust jwks invalid", "trust:\n  - { issuer: https://k8s.example.com, jwks: { keys: [ { kty: EC, d: x } ] } }\n", "trust[0].jwks.keys[0].d", "'d' is private key material; publish only the public key and keep the private key secret" },
        { "trust audience empty", "trust:\n  - { issuer: https://k8s.example.com, jwks_uri: https://k8s.example.com/jwks, audience: '' }\n", "trust[0].audience", "must not be empty; remove it or name the audience Rein requires" },
        { "trust groups_claim on a workload issuer", "trust:\n  - { issuer: https://k8s.example.com, jwks_uri: https://k8s.example.com/jwks, groups_claim: groups }\n", "trust[0].groups_claim", "only a 'kind: user' issuer's tokens list a person's groups; remove 'groups_claim' or set 'kind: user'" },
        { "trust groups_claim empty", "trust:\n  - { issuer: https://idp.example.com, kind: user, jwks_uri: https://idp.example.com/jwks, groups_claim: '' }\n", "trust[0].groups_claim", "must be a claim name of 1 to 256 characters" },
        { "trust groups_claim with a space", "trust:\n  - { issuer: https://idp.example.com, kind: user, jwks_uri: https://idp.example.com/jwks, groups_claim: 'my groups' }\n", "trust[0].groups_claim", "must be a claim name of printable ASCII characters without spaces (such as 'groups')" },
        { "trust groups_claim a registered claim", "trust:\n  - { issuer: https://idp.example.com, kind: user, jwks_uri: https://idp.example.com/jwks, groups_claim: sub }\n", "trust[0].groups_claim", "'sub' is a claim Rein reads for another purpose; name the claim that lists the person's groups (such as 'groups')" },
        { "trust unknown key", "trust:\n  - { issuer: https://k8s.example.com, jwks_url: https://k8s.example.com/jwks }\n", "trust[0].jwks_url", "unknown key 'jwks_url' (did you mean 'jwks_uri'?)" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Load_InvalidFile_ReportsExactPathAndMessage(string name, string yaml, string path, string message)
    {
        var result = ConfigLoader.Parse(yaml);

        Assert.False(result.Succeeded, name);
        Assert.Null(result.Config);
        var error = Assert.Single(result.Errors);
        Assert.Equal((path, message), (error.Path, error.Message));
        Assert.True(error.Line > 0, $"{name}: the error has no line");
        Assert.True(error.Column > 0, $"{name}: the error has no column");
    }
}
