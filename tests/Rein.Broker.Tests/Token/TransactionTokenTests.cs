using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rein.Broker.Tests.Infrastructure;
using Rein.Core.Keys;
using Rein.Core.Transactions;
using Rein.Jose;

namespace Rein.Broker.Tests.Token;

/// <summary>
/// The Transaction Token Service at the token endpoint (draft-ietf-oauth-transaction-tokens-08 over RFC 8693): an
/// agent exchanges its own access token for a transaction token of the trust domain; every wrong request is refused
/// with the RFC 8693 §2.2.2 error, and nothing submitted is echoed.
/// </summary>
public sealed class TransactionTokenTests(StandardBroker broker) : IClassFixture<StandardBroker>
{
    private const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    private const string TxnTokenType = "urn:ietf:params:oauth:token-type:txn_token";
    private const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    private BrokerHost Host => broker.Host;

    /// <summary>The Txn-Token Request of the draft, authenticated with <paramref name="clientId"/>'s private_key_jwt.</summary>
    private Form TxnRequest(string subjectToken, string clientId = "bot", string? scope = "tickets.read", string? audience = null)
    {
        var form = new Form
        {
            { "grant_type", TokenExchange },
            { "requested_token_type", TxnTokenType },
            { "subject_token", subjectToken },
            { "subject_token_type", AccessTokenType },
            { "audience", audience ?? Host.Issuer },
            { "client_assertion_type", BrokerHost.JwtBearer },
            { "client_assertion", Host.Assertion(clientId) },
        };
        if (scope is not null) form.Add("scope", scope);
        return form;
    }

    /// <summary>An access token for <paramref name="clientId"/> bound to <paramref name="dpopKey"/>.</summary>
    private async Task<string> AccessTokenAsync(SigningKey dpopKey, string clientId = "bot", string scope = "tickets.read")
    {
        var json = WireAssert.TokenIssued(await Host.RequestTokenAsync(clientId, dpopKey, scope: scope), "DPoP");
        return json.GetProperty("access_token").GetString()!;
    }

    private async Task<WireResponse> ExchangeAsync(Form form, SigningKey? dpopKey)
    {
        var proofs = dpopKey is null ? null : new[] { Host.Proof(dpopKey, await Host.NonceAsync()) };
        return await Host.PostFormAsync(Host.TokenEndpoint, form, proofs);
    }

    private TransactionTokenValidator Validator(RemoteJsonWebKeySet keys) => new(new TransactionTokenValidatorOptions
    {
        TrustDomain = Host.Issuer,
        Issuer = Host.Issuer,
        Keys = keys.Resolve,
        RefreshKeys = keys.RefreshAsync,
    });

    private static JsonElement Issued(WireResponse response)
    {
        Assert.True(response.Status == HttpStatusCode.OK, $"expected 200, got {(int)response.Status}: {response.Body}");
        Assert.Equal("application/json", response.MediaType);
        Assert.Equal("no-store", response.Header("Cache-Control"));
        WireAssert.NoEcho(response);
        return response.Json;
    }

    [Fact]
    public async Task Tts_OwnDPoPBoundAccessToken_IssuesTransactionTokenResponse()
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var accessToken = await AccessTokenAsync(dpopKey);

        var json = Issued(await ExchangeAsync(TxnRequest(accessToken), dpopKey));

        Assert.Equal("N_A", json.GetProperty("token_type").GetString());
        Assert.Equal(TxnTokenType, json.GetProperty("issued_token_type").GetString());
        Assert.Equal(60, json.GetProperty("expires_in").GetInt32());
        Assert.Equal("tickets.read", json.GetProperty("scope").GetString());
        Assert.False(json.TryGetProperty("refresh_token", out _));
        Assert.Equal(["access_token", "issued_token_type", "token_type", "expires_in", "scope"], json.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Tts_IssuedToken_ValidatesWithTheTransactionJwksAndCarriesContext()
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var accessToken = await AccessTokenAsync(dpopKey);
        var before = Host.NowSeconds;

        var txnToken = Issued(await ExchangeAsync(TxnRequest(accessToken), dpopKey)).GetProperty("access_token").GetString()!;
        using var keys = new RemoteJsonWebKeySet(Host.Http, new Uri(Host.Issuer + "/.well-known/txn-token-jwks.json"));
        var result = await Validator(keys).ValidateAsync(txnToken, CancellationToken.None);

        Assert.True(result.IsValid, result.ErrorDescription);
        var txn = result.Token!;
        Assert.Equal("bot", txn.Subject);
        Assert.Equal("tickets.read", txn.Scope);
        Assert.Equal("bot", txn.RequestingWorkload);
        Assert.Matches("^[0-9a-f]{32}-[0-9a-f]{16}$", txn.TransactionId);
        Assert.Equal("tickets", txn.Tool);
        Assert.Equal("tickets.read", txn.Action);
        Assert.Equal("bot", txn.Agent);
        Assert.Null(txn.UserSubject);
        Assert.Empty(txn.Actors);
        Assert.Equal("127.0.0.1", txn.ClientAddress);
        Assert.Equal("private_key_jwt", txn.AuthenticationMethod);
        Assert.InRange(txn.IssuedAt.ToUnixTimeSeconds(), before - 1, Host.NowSeconds + 1);
        Assert.Equal(txn.IssuedAt.AddSeconds(60), txn.ExpiresAt);
        var header = Jws.Header(txnToken);
        Assert.Equal("txntoken+jwt", header.GetProperty("typ").GetString());
        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        // Note: the draft forbids carrying the access token presented inside the transaction token.
        Assert.DoesNotContain(accessToken.Split('.')[2], Jws.Payload(txnToken).GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(accessToken.Split('.')[1], Jws.Payload(txnToken).GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tts_TransactionJwks_IsNotTheAccessTokenJwksAndHoldsOnlyES256Keys()
    {
        using var txnJwks = await Host.Http.GetAsync(new Uri(Host.Issuer + "/.well-known/txn-token-jwks.json"));

        Assert.Equal(HttpStatusCode.OK, txnJwks.StatusCode);
        Assert.Equal("application/jwk-set+json", txnJwks.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=300", txnJwks.Headers.CacheControl?.ToString());
        using var document = JsonDocument.Parse(await txnJwks.Content.ReadAsStringAsync());
        var keys = document.RootElement.GetProperty("keys").EnumerateArray().ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.Equal("EC", k.GetProperty("kty").GetString()));
        Assert.All(keys, k => Assert.False(k.TryGetProperty("d", out _)));
    }

    [Fact]
    public async Task Tts_Metadata_AdvertisesTokenExchangeAndTheTransactionJwks()
    {
        using var response = await Host.Http.GetAsync(new Uri(Host.Issuer + "/.well-known/oauth-authorization-server"));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var metadata = document.RootElement;

        Assert.Contains(TokenExchange, metadata.GetProperty("grant_types_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Host.Issuer + "/.well-known/txn-token-jwks.json", metadata.GetProperty("transaction_token_jwks_uri").GetString());
    }

    [Theory]
    [InlineData("tickets.read", "tickets.read", "tickets.read")]
    [InlineData("tickets.read tickets.write", "tickets.write", "tickets.write")]
    [InlineData("tickets.read tickets.write", "tickets.write tickets.read tickets.write", null)]
    public async Task Tts_ScopeWithinTheSubjectTokens_IsGrantedAndNamesTheActionWhenThereIsOne(string tokenScope, string requested, string? action)
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var accessToken = await AccessTokenAsync(dpopKey, scope: tokenScope);

        var json = Issued(await ExchangeAsync(TxnRequest(accessToken, scope: requested), dpopKey));

        var claims = Jws.Payload(json.GetProperty("access_token").GetString()!);
        var granted = claims.GetProperty("scope").GetString()!;
        Assert.Equal(granted, json.GetProperty("scope").GetString());
        Assert.Equal(requested.Split(' ').Distinct().ToArray(), granted.Split(' '));
        Assert.Equal(action, claims.GetProperty("tctx").TryGetProperty("action", out var a) ? a.GetString() : null);
    }

    [Theory]
    [InlineData("tickets.write")]
    [InlineData("tickets.read tickets.write")]
    [InlineData("vault.read")]
    [InlineData("TICKETS.READ")]
    [InlineData("   ")]
    public async Task Tts_ScopeBeyondTheSubjectTokens_ReturnsInvalidScope(string scope)
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var accessToken = await AccessTokenAsync(dpopKey);

        WireAssert.OAuthError(await ExchangeAsync(TxnRequest(accessToken, scope: scope), dpopKey), HttpStatusCode.BadRequest, "invalid_scope");
    }

    public static TheoryData<string, string, string> RequestDefects => new()
    {
        { "no scope", "scope", "" },
        { "no audience", "audience", "" },
        { "no subject_token_type", "subject_token_type", "" },
        { "subject_token_type jwt", "subject_token_type", "urn:ietf:params:oauth:token-type:jwt" },
        { "subject_token_type refresh_token", "subject_token_type", "urn:ietf:params:oauth:token-type:refresh_token" },
        { "subject_token_type txn_token", "subject_token_type", TxnTokenType },
        { "subject_token_type self_signed", "subject_token_type", "urn:ietf:params:oauth:token-type:self_signed" },
        { "actor_token", "actor_token", "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLW9mLWFuLWFjdG9yLXRva2Vu" },
        { "actor_token_type", "actor_token_type", AccessTokenType },
    };

    [Theory]
    [MemberData(nameof(RequestDefects))]
    public async Task Tts_MalformedRequest_ReturnsInvalidRequest(string defect, string field, string value)
    {
        Assert.NotEmpty(defect);
        using var dpopKey = TestKeys.Fresh("dpop");
        var accessToken = await AccessTokenAsync(dpopKey);
        var form = value.Length == 0 ? TxnRequest(accessToken).Without(field) : TxnRequest(accessToken).With(field, value);

        WireAssert.OAuthError(await ExchangeAsync(form, dpopKey), HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Tts_NoSubjectToken_ReturnsInvalidRequest()
    {
        using var dpopKey = TestKeys.Fresh("dpop");

        WireAssert.OAuthError(await ExchangeAsync(TxnRequest("x").Without("subject_token"), dpopKey), HttpStatusCode.BadRequest, "invalid_request");
    }

    [Theory]
    [InlineData("https://other-domain.example.com")]
    [InlineData("trust-domain.example")]
    public async Task Tts_AudienceNotThisTrustDomain_ReturnsInvalidTarget(string audience)
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var accessToken = await AccessTokenAsync(dpopKey);

        WireAssert.OAuthError(await ExchangeAsync(TxnRequest(accessToken, audience: audience), dpopKey), HttpStatusCode.BadRequest, "invalid_target");
    }

    [Fact]
    public async Task Tts_ResourceInsteadOfTheTrustDomain_ReturnsInvalidTarget()
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var accessToken = await AccessTokenAsync(dpopKey);
        var form = TxnRequest(accessToken);
        form.Add("resource", Scenario.TicketsAudience);

        WireAssert.OAuthError(await ExchangeAsync(form, dpopKey), HttpStatusCode.BadRequest, "invalid_target");
    }

    [Fact]
    public async Task Tts_SubjectTokenNotATokenOfOurs_ReturnsInvalidRequestWithoutEcho()
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        using var attacker = TestKeys.Fresh("es256-forged");
        var accessToken = await AccessTokenAsync(dpopKey);
        var header = Jws.Header(accessToken);
        var forged = Jws.Sign(attacker, System.Text.Json.Nodes.JsonNode.Parse(header.GetRawText())!.AsObject(),
            System.Text.Json.Nodes.JsonNode.Parse(Jws.Payload(accessToken).GetRawText())!.AsObject());

        foreach (var subject in new[] { forged, "not-a-token", accessToken[..^4] + "AAAA" })
        {
            WireAssert.OAuthError(await ExchangeAsync(TxnRequest(subject), dpopKey), HttpStatusCode.BadRequest, "invalid_request");
        }
    }

    [Fact]
    public async Task Tts_AnotherClientsToken_ReturnsInvalidRequest()
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var accessToken = await AccessTokenAsync(dpopKey);

        var response = await ExchangeAsync(TxnRequest(accessToken, clientId: "other-bot"), dpopKey);

        var json = WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal("subject_token was not issued to this client", json.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task Tts_DPoPBoundTokenWithoutProof_ReturnsInvalidRequest()
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var accessToken = await AccessTokenAsync(dpopKey);

        WireAssert.OAuthError(await ExchangeAsync(TxnRequest(accessToken), dpopKey: null), HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Tts_DPoPBoundTokenWithAnotherKeysProof_ReturnsInvalidRequest()
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        using var thief = TestKeys.Fresh("thief");
        var accessToken = await AccessTokenAsync(dpopKey);

        var json = WireAssert.OAuthError(await ExchangeAsync(TxnRequest(accessToken), thief), HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal("subject_token is DPoP-bound: sign this request's DPoP proof with its key", json.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task Tts_UnboundTokenOfAnAgentWithoutDPoP_IsExchangedWithoutProof()
    {
        var unbound = await Host.PostFormAsync(Host.TokenEndpoint, BrokerHost.ClientCredentials(Host.Assertion("nodpop-bot")));
        var accessToken = WireAssert.TokenIssued(unbound, "Bearer").GetProperty("access_token").GetString()!;
        Assert.False(Jws.Payload(accessToken).TryGetProperty("cnf", out _));

        var json = Issued(await ExchangeAsync(TxnRequest(accessToken, clientId: "nodpop-bot"), dpopKey: null));

        var claims = Jws.Payload(json.GetProperty("access_token").GetString()!);
        Assert.Equal("nodpop-bot", claims.GetProperty("sub").GetString());
    }

    [Fact]
    public async Task Tts_RevokedSubjectToken_ReturnsInvalidRequest()
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var accessToken = await AccessTokenAsync(dpopKey);
        Assert.Equal(HttpStatusCode.OK, (await Host.RevokeAsync(accessToken, "bot")).Status);

        var json = WireAssert.OAuthError(await ExchangeAsync(TxnRequest(accessToken), dpopKey), HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains("revoked", json.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tts_AdminTokenAsSubject_ReturnsInvalidRequest()
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        using var admin = Host.Client(Scenario.AdminId, dpopKey);
        var adminToken = (await admin.RequestTokenAsync(Host.AdminAudience, ["rein:admin"])).AccessToken;

        var response = await ExchangeAsync(TxnRequest(adminToken, clientId: Scenario.AdminId, scope: "rein:admin"), dpopKey);

        var json = WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal("subject_token is not a token for a tool", json.GetProperty("error_description").GetString());
    }

    [Theory]
    [InlineData(AccessTokenType)]
    [InlineData("urn:ietf:params:oauth:token-type:jwt")]
    [InlineData(null)]
    public async Task Tts_TokenExchangeForAnythingButATransactionToken_IsDelegationNotATransactionToken(string? requestedTokenType)
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var accessToken = await AccessTokenAsync(dpopKey);
        var form = requestedTokenType is null
            ? TxnRequest(accessToken).Without("requested_token_type")
            : TxnRequest(accessToken).With("requested_token_type", requestedTokenType);

        // Any other token exchange is delegation (RFC 8693 for a person), which refuses an agent's own token as the
        // subject: the request is answered as delegation, never with a transaction token.
        var response = await ExchangeAsync(form, dpopKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        var error = response.Json.GetProperty("error").GetString();
        Assert.NotEqual("unsupported_grant_type", error);
        Assert.False(response.Json.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task Tts_DelegatedSubjectToken_CarriesUserActChainGrantAndApproval()
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var accessToken = DelegatedAccessToken(Host, dpopKey);

        var json = Issued(await ExchangeAsync(TxnRequest(accessToken), dpopKey));

        var claims = Jws.Payload(json.GetProperty("access_token").GetString()!);
        Assert.Equal("alice", claims.GetProperty("sub").GetString());
        var tctx = claims.GetProperty("tctx");
        Assert.Equal("bot", tctx.GetProperty("agent").GetString());
        Assert.Equal("""{"iss":"https://idp.example.com","sub":"alice"}""", tctx.GetProperty("user").GetRawText());
        Assert.Equal("""{"sub":"bot","act":{"sub":"planner-bot"}}""", tctx.GetProperty("act").GetRawText());
        Assert.Equal("grant-42", tctx.GetProperty("grant_id").GetString());
        Assert.Equal("approval-7", tctx.GetProperty("approval_id").GetString());
    }

    /// <summary>
    /// A delegated access token as token exchange will issue it — <c>sub</c> the user, <c>sub_id</c> naming the user's
    /// issuer, an <c>act</c> chain, grant and approval ids — signed here directly with the broker's key ring.
    /// </summary>
    internal static string DelegatedAccessToken(BrokerHost host, SigningKey dpopKey)
    {
        var key = host.App.Services.GetRequiredService<KeyRing>().GetSigningKey("ES256")!;
        var now = host.NowSeconds;
        return JwtWriter.Write(key, "at+jwt", (host.Issuer, now, jkt: dpopKey.PublicJwk.Thumbprint), static (w, s) =>
        {
            w.WriteString("iss", s.Issuer);
            w.WriteString("sub", "alice");
            w.WriteStartObject("sub_id");
            w.WriteString("format", "iss_sub");
            w.WriteString("iss", "https://idp.example.com");
            w.WriteString("sub", "alice");
            w.WriteEndObject();
            w.WriteString("aud", Scenario.TicketsAudience);
            w.WriteString("client_id", "bot");
            w.WriteString("scope", "tickets.read");
            w.WriteString("jti", BrokerHost.NewId());
            w.WriteNumber("iat", s.now);
            w.WriteNumber("exp", s.now + 120);
            w.WriteString("sid", "root-session");
            w.WriteStartObject("act");
            w.WriteString("sub", "bot");
            w.WriteStartObject("act");
            w.WriteString("sub", "planner-bot");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteString("grant_id", "grant-42");
            w.WriteString("approval_id", "approval-7");
            w.WriteStartObject("cnf");
            w.WriteString("jkt", s.jkt);
            w.WriteEndObject();
        });
    }
}
