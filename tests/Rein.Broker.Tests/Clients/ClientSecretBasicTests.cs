using System.Net;
using Rein.Broker.Tests.Infrastructure;

namespace Rein.Broker.Tests.Clients;

/// <summary>client_secret_basic, accepted only as a declared, expiring exception (RFC 6749 §2.3.1).</summary>
public sealed class ClientSecretBasicTests(StandardBroker broker) : IClassFixture<StandardBroker>
{
    private BrokerHost Host => broker.Host;

    private static Form Request(string? clientId = null) => BrokerHost.ClientCredentials(assertion: null, clientId: clientId);

    [Fact]
    public async Task Token_ValidSecretBeforeExpiry_IssuesBearerToken()
    {
        var response = await Host.PostFormAsync(Host.TokenEndpoint, Request(), authorization: BrokerHost.Basic("basic-bot", Scenario.Secret));

        var json = WireAssert.TokenIssued(response, "Bearer");
        var claims = Jws.Payload(json.GetProperty("access_token").GetString()!);
        Assert.Equal("basic-bot", claims.GetProperty("sub").GetString());
        Assert.False(claims.TryGetProperty("cnf", out _));
        Assert.DoesNotContain(Scenario.Secret, response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_ValidSecretWithMatchingClientIdParameter_IsAccepted()
    {
        var response = await Host.PostFormAsync(Host.TokenEndpoint, Request("basic-bot"), authorization: BrokerHost.Basic("basic-bot", Scenario.Secret));

        WireAssert.TokenIssued(response, "Bearer");
    }

    [Fact]
    public async Task Token_ValidSecretWithProof_IssuesDPoPBoundToken()
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var nonce = await Host.NonceAsync();

        var response = await Host.PostFormAsync(Host.TokenEndpoint, Request(), [Host.Proof(dpopKey, nonce)], BrokerHost.Basic("basic-dpop-bot", Scenario.Secret));

        var json = WireAssert.TokenIssued(response, "DPoP");
        Assert.Equal(TestKeys.Thumbprint(dpopKey), Jws.Payload(json.GetProperty("access_token").GetString()!).GetProperty("cnf").GetProperty("jkt").GetString());
    }

    [Fact]
    public async Task Token_RequireDpopSecretClientWithoutProof_ReturnsInvalidRequest()
    {
        var response = await Host.PostFormAsync(Host.TokenEndpoint, Request(), authorization: BrokerHost.Basic("basic-dpop-bot", Scenario.Secret));

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Theory]
    [InlineData("basic-bot", "wrong-secret")]
    [InlineData("basic-bot", "")]
    [InlineData("basic-bot", Scenario.Secret + "x")]
    [InlineData("no-such-client", Scenario.Secret)]
    [InlineData("bot", Scenario.Secret)]
    [InlineData("basic-expired-bot", Scenario.Secret)]
    public async Task Token_BadBasicCredentials_Returns401WithBasicChallenge(string clientId, string secret)
    {
        var response = await Host.PostFormAsync(Host.TokenEndpoint, Request(), authorization: BrokerHost.Basic(clientId, secret));

        WireAssert.OAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.StartsWith("Basic", response.Header("WWW-Authenticate"), StringComparison.Ordinal);
        Assert.DoesNotContain(Scenario.Secret, response.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Basic !!!not-base64!!!")]
    [InlineData("Basic bm8tY29sb24=")]
    [InlineData("Basic OnNlY3JldA==")]
    public async Task Token_MalformedBasicHeader_Returns401WithBasicChallenge(string authorization)
    {
        var response = await Host.PostFormAsync(Host.TokenEndpoint, Request(), authorization: authorization);

        WireAssert.OAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.StartsWith("Basic", response.Header("WWW-Authenticate"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_BasicWithMismatchingClientIdParameter_ReturnsInvalidClient()
    {
        var response = await Host.PostFormAsync(Host.TokenEndpoint, Request("bot"), authorization: BrokerHost.Basic("basic-bot", Scenario.Secret));

        WireAssert.OAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Token_SecretInBodyForSecretClient_ReturnsInvalidClient()
    {
        var form = Request("basic-bot");
        form.Add("client_secret", Scenario.Secret);

        var response = await Host.PostFormAsync(Host.TokenEndpoint, form);

        WireAssert.OAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.Null(response.Header("WWW-Authenticate"));
    }
}
