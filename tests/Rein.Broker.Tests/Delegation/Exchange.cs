using System.Text.Json;
using System.Text.Json.Nodes;
using Rein.Broker.Tests.Infrastructure;
using Rein.Jose;

namespace Rein.Broker.Tests.Delegation;

/// <summary>Token exchange requests (RFC 8693) and the person's tokens, built by hand exactly as a test needs them.</summary>
internal static class Exchange
{
    public const string GrantType = "urn:ietf:params:oauth:grant-type:token-exchange";
    public const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";
    public const string JwtType = "urn:ietf:params:oauth:token-type:jwt";
    public const string IdTokenType = "urn:ietf:params:oauth:token-type:id_token";

    /// <summary>The person's token from the IdP: iss, sub, aud rein, iat now, exp in an hour, signed with the IdP's key.</summary>
    public static string UserToken(BrokerHost host, string subject = DelegationScenario.Alice, Action<JsonObject>? edit = null,
        SigningKey? key = null, string? typ = "JWT")
    {
        key ??= DelegationScenario.IdpKey;
        var now = host.NowSeconds;
        var claims = new JsonObject
        {
            ["iss"] = DelegationScenario.IdpIssuer,
            ["sub"] = subject,
            ["aud"] = DelegationScenario.IdpAudience,
            ["iat"] = now,
            ["exp"] = now + 3600,
            ["jti"] = BrokerHost.NewId(),
        };
        edit?.Invoke(claims);
        return Jws.Sign(key, BrokerHost.AssertionHeader(key, typ), claims);
    }

    /// <summary>A token exchange form for <paramref name="agent"/>, authenticated with its private_key_jwt assertion.</summary>
    public static Form Form(BrokerHost host, string agent, string? subjectToken, string? subjectTokenType = JwtType,
        string? resource = Scenario.TicketsAudience, string? scope = "tickets.read", string? actorToken = null, string? actorTokenType = null)
    {
        var form = new Form { { "grant_type", GrantType } };
        if (resource is not null) form.Add("resource", resource);
        if (scope is not null) form.Add("scope", scope);
        if (subjectToken is not null) form.Add("subject_token", subjectToken);
        if (subjectTokenType is not null) form.Add("subject_token_type", subjectTokenType);
        if (actorToken is not null) form.Add("actor_token", actorToken);
        if (actorTokenType is not null) form.Add("actor_token_type", actorTokenType);
        form.Add("client_assertion_type", BrokerHost.JwtBearer);
        form.Add("client_assertion", host.Assertion(agent));
        return form;
    }

    /// <summary>Posts <paramref name="form"/> with a DPoP proof by <paramref name="dpopKey"/> carrying a fresh nonce.</summary>
    public static async Task<WireResponse> PostAsync(BrokerHost host, Form form, SigningKey dpopKey)
    {
        var nonce = await host.NonceAsync();
        return await host.PostFormAsync(host.TokenEndpoint, form, [host.Proof(dpopKey, nonce)]);
    }

    /// <summary>Exchanges and expects a DPoP-bound token; returns it.</summary>
    public static async Task<string> TokenAsync(BrokerHost host, string agent, string subjectToken, SigningKey dpopKey,
        string subjectTokenType = JwtType, string scope = "tickets.read")
    {
        var response = await PostAsync(host, Form(host, agent, subjectToken, subjectTokenType, scope: scope), dpopKey);
        return WireAssert.TokenIssued(response, "DPoP").GetProperty("access_token").GetString()!;
    }

    /// <summary>The raw JSON text of a claim, for exact comparisons of nested claims.</summary>
    public static string Raw(string jwt, string claim) => Jws.Payload(jwt).GetProperty(claim).GetRawText();

    public static bool Has(string jwt, string claim) => Jws.Payload(jwt).TryGetProperty(claim, out _);

    public static string Claim(string jwt, string claim) => Jws.Payload(jwt).GetProperty(claim).GetString()!;

    public static long Number(string jwt, string claim) => Jws.Payload(jwt).GetProperty(claim).GetInt64();

    /// <summary>The agent's own DPoP-bound client_credentials token (an actor token, or a wrong subject token).</summary>
    public static async Task<string> OwnTokenAsync(BrokerHost host, string agent, SigningKey dpopKey)
    {
        var response = await host.RequestTokenAsync(agent, dpopKey);
        return WireAssert.TokenIssued(response, "DPoP").GetProperty("access_token").GetString()!;
    }

    public static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
