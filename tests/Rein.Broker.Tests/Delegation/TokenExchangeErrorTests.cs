using System.Net;
using System.Text.Json.Nodes;
using Rein.Broker.Tests.Infrastructure;

namespace Rein.Broker.Tests.Delegation;

/// <summary>
/// Every way a token exchange is refused, with the exact RFC 6749 §5.2 error: a subject or actor token that is
/// invalid or unacceptable is <c>invalid_request</c> (RFC 8693 §2.2.2); no usable delegation grant is
/// <c>invalid_grant</c>; a tool that cannot be named is <c>invalid_target</c>; actions beyond what was delegated are
/// <c>invalid_scope</c>. No response echoes a token.
/// </summary>
public sealed class TokenExchangeErrorTests(DelegationBroker broker) : IClassFixture<DelegationBroker>
{
    private BrokerHost Host => broker.Host;

    [Theory]
    [InlineData("no-grant", "invalid_grant", "no delegation grant lets this agent act for this person")]
    [InlineData("grant-of-another-person", "invalid_grant", "no delegation grant lets this agent act for this person")]
    [InlineData("expired-grant", "invalid_grant", "the delegation grant has expired")]
    [InlineData("future-grant", "invalid_grant", "the delegation grant is not in effect yet")]
    [InlineData("grant-for-another-tool", "invalid_grant", "no delegation grant of this person lets this agent use this tool")]
    [InlineData("above-grant-scope", "invalid_scope", null)]
    [InlineData("above-bindings", "invalid_scope", null)]
    [InlineData("above-subject-token-scope", "invalid_scope", null)]
    [InlineData("foreign-subject-token", "invalid_request", "the subject token's issuer is not trusted for people's tokens")]
    [InlineData("forged-subject-token", "invalid_request", null)]
    [InlineData("expired-subject-token", "invalid_request", null)]
    [InlineData("subject-token-for-another-audience", "invalid_request", null)]
    [InlineData("subject-token-without-iat", "invalid_request", null)]
    [InlineData("subject-token-typed-dpop", "invalid_request", null)]
    [InlineData("workload-token-as-subject", "invalid_request", "the subject token's issuer is not trusted for people's tokens")]
    [InlineData("agents-own-token-as-subject", "invalid_request", "a Rein-issued subject token must be a delegated token (one with an act claim)")]
    [InlineData("rein-token-typed-id-token", "invalid_request", null)]
    [InlineData("actor-token-names-another-client", "invalid_request", "the actor token names another client")]
    [InlineData("actor-workload-names-another-client", "invalid_request", "the actor token names another client")]
    [InlineData("actor-token-is-delegated", "invalid_request", null)]
    [InlineData("actor-token-without-type", "invalid_request", "actor_token and actor_token_type must be sent together")]
    [InlineData("actor-type-without-token", "invalid_request", "actor_token and actor_token_type must be sent together")]
    [InlineData("no-subject-token", "invalid_request", "subject_token is required")]
    [InlineData("no-subject-token-type", "invalid_request", "subject_token_type is required")]
    [InlineData("saml-subject-token-type", "invalid_request", null)]
    [InlineData("subject-token-too-large", "invalid_request", "the subject token is too large")]
    [InlineData("may-act-names-another-agent", "invalid_request", "the subject token's may_act does not name this agent")]
    [InlineData("malformed-may-act", "invalid_request", "the subject token has a malformed may_act claim")]
    [InlineData("refresh-token-requested", "invalid_request", null)]
    [InlineData("unknown-resource", "invalid_target", "resource does not name a known tool")]
    [InlineData("two-resources", "invalid_target", null)]
    [InlineData("resource-and-audience-disagree", "invalid_target", null)]
    [InlineData("no-target", "invalid_target", null)]
    [InlineData("no-scope", "invalid_scope", null)]
    [InlineData("details-without-approval", "invalid_authorization_details", null)]
    [InlineData("approval-id-without-approval", "invalid_request", null)]
    public async Task Exchange_Refused_WithTheRightError(string @case, string error, string? description)
    {
        using var dpop = TestKeys.Fresh();
        var alice = Exchange.UserToken(Host);
        var form = @case switch
        {
            "no-grant" => Exchange.Form(Host, "nogrant-bot", alice),
            "grant-of-another-person" => Exchange.Form(Host, "assistant", Exchange.UserToken(Host, DelegationScenario.Bob)),
            "expired-grant" => Exchange.Form(Host, "expired-bot", alice),
            "future-grant" => Exchange.Form(Host, "future-bot", alice),
            "grant-for-another-tool" => Exchange.Form(Host, "docs-only-bot", alice),
            "above-grant-scope" => Exchange.Form(Host, "narrow-bot", alice, scope: "tickets.write"),
            "above-bindings" => Exchange.Form(Host, "narrow-bot", alice, scope: "tickets.delete"),
            "above-subject-token-scope" => Exchange.Form(Host, "helper",
                await Exchange.TokenAsync(Host, "assistant", alice, dpop), Exchange.AccessTokenType, scope: "tickets.write"),
            "foreign-subject-token" => Exchange.Form(Host, "assistant", Foreign()),
            "forged-subject-token" => Exchange.Form(Host, "assistant", Exchange.UserToken(Host, key: TestKeys.Fresh("attacker"))),
            "expired-subject-token" => Exchange.Form(Host, "assistant", Exchange.UserToken(Host, edit: c =>
            {
                c["iat"] = Host.NowSeconds - 7200;
                c["exp"] = Host.NowSeconds - 3600;
            })),
            "subject-token-for-another-audience" => Exchange.Form(Host, "assistant", Exchange.UserToken(Host, edit: c => c["aud"] = "some-other-app")),
            "subject-token-without-iat" => Exchange.Form(Host, "assistant", Exchange.UserToken(Host, edit: c => c.Remove("iat"))),
            "subject-token-typed-dpop" => Exchange.Form(Host, "assistant", Exchange.UserToken(Host, typ: "dpop+jwt")),
            "workload-token-as-subject" => Exchange.Form(Host, "assistant", Workload("system:serviceaccount:agents:assistant")),
            "agents-own-token-as-subject" => Exchange.Form(Host, "assistant", await Exchange.OwnTokenAsync(Host, "assistant", dpop), Exchange.AccessTokenType),
            "rein-token-typed-id-token" => Exchange.Form(Host, "helper", await Exchange.TokenAsync(Host, "assistant", alice, dpop), Exchange.IdTokenType),
            "actor-token-names-another-client" => Exchange.Form(Host, "assistant", alice,
                actorToken: await Exchange.OwnTokenAsync(Host, "helper", dpop), actorTokenType: Exchange.AccessTokenType),
            "actor-workload-names-another-client" => Exchange.Form(Host, "helper", alice,
                actorToken: Workload(DelegationScenario.AssistantWorkload), actorTokenType: Exchange.JwtType),
            "actor-token-is-delegated" => Exchange.Form(Host, "assistant", alice,
                actorToken: await Exchange.TokenAsync(Host, "assistant", alice, dpop), actorTokenType: Exchange.AccessTokenType),
            "actor-token-without-type" => Exchange.Form(Host, "assistant", alice, actorToken: await Exchange.OwnTokenAsync(Host, "assistant", dpop)),
            "actor-type-without-token" => Exchange.Form(Host, "assistant", alice, actorTokenType: Exchange.AccessTokenType),
            "no-subject-token" => Exchange.Form(Host, "assistant", null),
            "no-subject-token-type" => Exchange.Form(Host, "assistant", alice, subjectTokenType: null),
            "saml-subject-token-type" => Exchange.Form(Host, "assistant", alice, "urn:ietf:params:oauth:token-type:saml2"),
            "subject-token-too-large" => Exchange.Form(Host, "assistant", alice + new string('A', 17 * 1024)),
            "may-act-names-another-agent" => Exchange.Form(Host, "assistant", Exchange.UserToken(Host, edit: c => c["may_act"] = new JsonObject { ["sub"] = "helper" })),
            "malformed-may-act" => Exchange.Form(Host, "assistant", Exchange.UserToken(Host, edit: c => c["may_act"] = "helper")),
            "refresh-token-requested" => Exchange.Form(Host, "assistant", alice).With("requested_token_type", "urn:ietf:params:oauth:token-type:refresh_token"),
            "unknown-resource" => Exchange.Form(Host, "assistant", alice, resource: "https://unknown.example.internal"),
            "two-resources" => With(Exchange.Form(Host, "assistant", alice), "resource", Scenario.DocsAudience),
            "resource-and-audience-disagree" => With(Exchange.Form(Host, "assistant", alice), "audience", "docs"),
            "no-target" => Exchange.Form(Host, "assistant", alice, resource: null),
            "no-scope" => Exchange.Form(Host, "assistant", alice, scope: null),
            "details-without-approval" => Exchange.Form(Host, "assistant", alice).With("authorization_details", """[{"type":"tickets.read"}]"""),
            "approval-id-without-approval" => Exchange.Form(Host, "assistant", alice).With("approval_id", "ap-000000000000000000000000"),
            _ => throw new ArgumentOutOfRangeException(nameof(@case)),
        };

        var response = await Exchange.PostAsync(Host, form, dpop);

        var json = WireAssert.OAuthError(response, HttpStatusCode.BadRequest, error);
        if (description is not null) Assert.Equal(description, json.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task Exchange_AdminClient_IsUnauthorizedClient()
    {
        using var dpop = TestKeys.Fresh();

        var response = await Exchange.PostAsync(Host, Exchange.Form(Host, Scenario.AdminId, Exchange.UserToken(Host)), dpop);

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "unauthorized_client");
    }

    [Fact]
    public async Task Exchange_WithoutDPoPForAnAgentThatRequiresIt_IsInvalidRequest()
    {
        var response = await Host.PostFormAsync(Host.TokenEndpoint, Exchange.Form(Host, "assistant", Exchange.UserToken(Host)));

        var json = WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal("this client must present a DPoP proof (RFC 9449)", json.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task Exchange_UnauthenticatedClient_IsInvalidClient()
    {
        using var dpop = TestKeys.Fresh();
        var form = Exchange.Form(Host, "assistant", Exchange.UserToken(Host)).Without("client_assertion").Without("client_assertion_type");

        var response = await Exchange.PostAsync(Host, form, dpop);

        WireAssert.OAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task ClientAssertion_PersonsIdpToken_NeverAuthenticatesAClient()
    {
        using var dpop = TestKeys.Fresh();
        var form = BrokerHost.ClientCredentials(Exchange.UserToken(Host, edit: c => c["aud"] = Host.Issuer));

        var response = await Exchange.PostAsync(Host, form, dpop);

        WireAssert.OAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    private static Form With(Form form, string name, string value)
    {
        form.Add(name, value);
        return form;
    }

    private string Foreign() => Jws.Sign(TestKeys.For("foreign-idp"), BrokerHost.AssertionHeader(TestKeys.For("foreign-idp")), new JsonObject
    {
        ["iss"] = "https://foreign-idp.example.org",
        ["sub"] = DelegationScenario.Alice,
        ["aud"] = DelegationScenario.IdpAudience,
        ["iat"] = Host.NowSeconds,
        ["exp"] = Host.NowSeconds + 600,
    });

    private string Workload(string subject) => Jws.Sign(Scenario.K8sKey, BrokerHost.AssertionHeader(Scenario.K8sKey), new JsonObject
    {
        ["iss"] = Scenario.K8sIssuer,
        ["sub"] = subject,
        ["aud"] = Scenario.K8sAudience,
        ["iat"] = Host.NowSeconds,
        ["exp"] = Host.NowSeconds + 600,
    });
}
