using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Rein.Broker.Tests.Infrastructure;
using Rein.Core.Keys;
using Rein.Jose;

namespace Rein.Broker.Tests.Delegation;

/// <summary>
/// A person's groups: the IdP's trust entry names the claim that lists them (<c>groups_claim: groups</c>); the exchange
/// carries them in the RFC 9068 §2.2.3.1 <c>groups</c> claim, a next hop inherits them, introspection shows them, and a
/// claim of any other shape refuses the exchange (<c>invalid_request</c>) without quoting it. A Rein token whose
/// <c>groups</c> is malformed is not a valid token.
/// </summary>
public sealed class TokenExchangeGroupsTests(DelegationBroker broker) : IClassFixture<DelegationBroker>
{
    private BrokerHost Host => broker.Host;

    private string AliceIn(JsonNode groups) => Exchange.UserToken(Host, edit: c => c["groups"] = groups);

    [Fact]
    public async Task Exchange_PersonWithGroups_TokenCarriesThem_NextHopInheritsThem_IntrospectionShowsThem()
    {
        using var keyA = TestKeys.Fresh("groups-a-dpop");
        using var keyB = TestKeys.Fresh("groups-b-dpop");
        var first = await Exchange.TokenAsync(Host, "groups-a", AliceIn(new JsonArray("sre", "on-call", "sre")), keyA);
        var second = await Exchange.TokenAsync(Host, "groups-b", first, keyB, Exchange.AccessTokenType);

        var introspected = await Host.IntrospectAsync(second);

        Assert.Equal("""["sre","on-call"]""", Exchange.Raw(first, "groups"));
        Assert.Equal("""["sre","on-call"]""", Exchange.Raw(second, "groups"));
        Assert.Equal("""{"sub":"groups-b","act":{"sub":"groups-a"}}""", Exchange.Raw(second, "act"));
        Assert.Equal(HttpStatusCode.OK, introspected.Status);
        Assert.True(introspected.Json.GetProperty("active").GetBoolean());
        Assert.Equal("""["sre","on-call"]""", introspected.Json.GetProperty("groups").GetRawText());
    }

    [Fact]
    public async Task Exchange_PersonWithoutGroups_OrAnEmptyList_TokenHasNoGroupsClaim()
    {
        using var dpop = TestKeys.Fresh("groups-none-dpop");
        var none = await Exchange.TokenAsync(Host, "groups-a", Exchange.UserToken(Host), dpop);
        var empty = await Exchange.TokenAsync(Host, "groups-a", AliceIn(new JsonArray()), dpop);

        var introspected = await Host.IntrospectAsync(none);

        Assert.False(Exchange.Has(none, "groups"));
        Assert.False(Exchange.Has(empty, "groups"));
        Assert.False(introspected.Json.TryGetProperty("groups", out _));
    }

    public static TheoryData<string, string> BadGroups => new()
    {
        { "\"sre\"", "the subject token's groups claim must be an array of strings" },
        { "{\"sre\":true}", "the subject token's groups claim must be an array of strings" },
        { "[\"sre\",42]", "the subject token's groups claim must be an array of strings" },
        { "[[\"sre\"]]", "the subject token's groups claim must be an array of strings" },
        { "[null]", "the subject token's groups claim must be an array of strings" },
        { "[" + string.Join(',', Enumerable.Range(0, 65).Select(i => $"\"g{i}\"")) + "]", "the subject token's groups claim lists more than 64 groups" },
        { "[\"" + new string('g', 256) + "\"]", "the subject token's groups claim has a group that is empty or longer than 255 characters" },
        { "[\"\"]", "the subject token's groups claim has a group that is empty or longer than 255 characters" },
        { "[\"sre\\nadmins\"]", "the subject token's groups claim has a group with a control character" },
        { "[\"sre\\u0000\"]", "the subject token's groups claim has a group with a control character" },
        { "[\"sre\\u0085\"]", "the subject token's groups claim has a group with a control character" },
    };

    [Theory]
    [MemberData(nameof(BadGroups))]
    public async Task Exchange_MalformedGroupsClaim_InvalidRequest_WithoutQuotingIt(string groupsJson, string description)
    {
        using var dpop = TestKeys.Fresh("groups-bad-dpop");
        var token = AliceIn(JsonNode.Parse(groupsJson)!);

        var response = await Exchange.PostAsync(Host, Exchange.Form(Host, "groups-a", token), dpop);

        var json = WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal(description, json.GetProperty("error_description").GetString());
        Assert.DoesNotContain("sre", response.Body, StringComparison.Ordinal);
        WireAssert.NoEcho(response);
    }

    [Theory]
    [InlineData("\"sre\"", true)]
    [InlineData("[\"sre\",7]", true)]
    [InlineData("[\"sre\\u0007\"]", true)]
    [InlineData("[\"sre\"]", false)]
    public async Task Validator_ReinTokenWithMalformedGroups_IsNotActive_AndCannotBeExchanged(string groupsJson, bool withSubId)
    {
        using var dpop = TestKeys.Fresh("groups-forged-dpop");
        // Note: the last case is well-formed groups on a token about no person (no sub_id): groups are a person's.
        var token = ReinToken(Host, groupsJson, withSubId);

        var introspected = await Host.IntrospectAsync(token);
        var exchanged = await Exchange.PostAsync(Host, Exchange.Form(Host, "groups-b", token, Exchange.AccessTokenType), dpop);

        Assert.False(introspected.Json.GetProperty("active").GetBoolean());
        var json = WireAssert.OAuthError(exchanged, HttpStatusCode.BadRequest, "invalid_request");
        Assert.StartsWith("the subject token is invalid: token has ", json.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validator_ReinTokenWithWellFormedGroups_IsActive()
    {
        var token = ReinToken(Host, "[\"sre\"]", withSubId: true);

        var introspected = await Host.IntrospectAsync(token);

        Assert.True(introspected.Json.GetProperty("active").GetBoolean());
        Assert.Equal("""["sre"]""", introspected.Json.GetProperty("groups").GetRawText());
    }

    /// <summary>A delegated token for groups-a signed with the broker's own key ring, with <paramref name="groupsJson"/> as its groups.</summary>
    private static string ReinToken(BrokerHost host, string groupsJson, bool withSubId)
    {
        var key = host.App.Services.GetRequiredService<KeyRing>().GetSigningKey("ES256")!;
        return JwtWriter.Write(key, "at+jwt", (host.Issuer, now: host.NowSeconds, groupsJson, withSubId), static (w, s) =>
        {
            w.WriteString("iss", s.Issuer);
            w.WriteString("sub", s.withSubId ? "alice" : "groups-a");
            if (s.withSubId)
            {
                w.WriteStartObject("sub_id");
                w.WriteString("format", "iss_sub");
                w.WriteString("iss", DelegationScenario.IdpIssuer);
                w.WriteString("sub", "alice");
                w.WriteEndObject();
            }
            w.WriteString("aud", Scenario.TicketsAudience);
            w.WriteString("client_id", "groups-a");
            w.WriteString("scope", "tickets.read");
            w.WriteString("jti", BrokerHost.NewId());
            w.WriteNumber("iat", s.now);
            w.WriteNumber("exp", s.now + 120);
            w.WriteString("sid", "root-session");
            if (s.withSubId)
            {
                w.WriteStartObject("act");
                w.WriteString("sub", "groups-a");
                w.WriteEndObject();
                w.WriteString("grant_id", "g-groups-a");
            }
            w.WritePropertyName("groups");
            w.WriteRawValue(s.groupsJson);
        });
    }
}
