using System.Net;
using Rein.Jose;
using Rein.Signals.Tests.Infrastructure;

namespace Rein.Signals.Tests.Receiver;

/// <summary>
/// Every way a pushed SET or its delivery can be wrong, refused with the exact RFC 8935 answer: 400 with the right
/// <c>err</c> for the SET, 401/403 for the transmitter's credentials. Nothing is echoed back.
/// </summary>
public sealed class TamperedSetTests(ReceiverFixture fixture) : IClassFixture<ReceiverFixture>
{
    private const string Iss = ReceiverFixture.IdpIssuer;
    private const string Aud = ReceiverFixture.Audience;
    private static readonly string Subject = Sets.Opaque("sess-tampered");

    private Task<Wire> PushAsync(string set) => fixture.Host.PushAsync("idp", set);

    [Fact]
    public async Task Push_ValidSet_Is202()
    {
        (await PushAsync(fixture.Idp.Sign(Sets.Payload(Iss, Aud, Sets.SessionRevoked, subId: Subject)))).AssertAccepted();
    }

    [Fact]
    public async Task Push_BadSignature_IsInvalidKey()
    {
        var set = fixture.Idp.Sign(Sets.Payload(Iss, Aud, Sets.SessionRevoked, subId: Subject));
        var tampered = set[..^4] + (set[^4] == 'A' ? "B" : "A") + set[^3..];
        (await PushAsync(tampered)).AssertError(HttpStatusCode.BadRequest, "invalid_key");
    }

    [Fact]
    public async Task Push_SignedByAnotherKeyWithTheSameKid_IsInvalidKey()
    {
        var impostor = SigningKey.Generate(JwsAlgorithms.ES256, fixture.Idp.Key.KeyId);
        var set = TestTransmitter.SignWith(impostor, Sets.Payload(Iss, Aud, Sets.SessionRevoked, subId: Subject), "secevent+jwt", impostor.KeyId, "ES256");
        (await PushAsync(set)).AssertError(HttpStatusCode.BadRequest, "invalid_key");
    }

    [Fact]
    public async Task Push_UnknownKid_IsInvalidKey()
    {
        (await PushAsync(fixture.Idp.Sign(Sets.Payload(Iss, Aud, Sets.SessionRevoked, subId: Subject), kid: "not-a-key")))
            .AssertError(HttpStatusCode.BadRequest, "invalid_key");
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    [InlineData("ES384")]
    public async Task Push_AlgorithmNotAllowed_IsInvalidKey(string alg)
    {
        var set = fixture.Idp.Sign(Sets.Payload(Iss, Aud, Sets.SessionRevoked, subId: Subject), alg: alg);
        if (alg == "none") set = set[..(set.LastIndexOf('.') + 1)];
        (await PushAsync(set)).AssertError(HttpStatusCode.BadRequest, "invalid_key");
    }

    [Fact]
    public async Task Push_WrongIssuer_IsInvalidIssuer()
    {
        (await PushAsync(fixture.Idp.Sign(Sets.Payload("https://evil.example.com/", Aud, Sets.SessionRevoked, subId: Subject))))
            .AssertError(HttpStatusCode.BadRequest, "invalid_issuer");
    }

    [Fact]
    public async Task Push_WrongAudience_IsInvalidAudience()
    {
        (await PushAsync(fixture.Idp.Sign(Sets.Payload(Iss, "https://someone-else.example.com", Sets.SessionRevoked, subId: Subject))))
            .AssertError(HttpStatusCode.BadRequest, "invalid_audience");
    }

    public static TheoryData<string, string> InvalidRequests => new()
    {
        { "sub present", Sets.Payload(Iss, Aud, Sets.SessionRevoked, subId: Subject, extra: "\"sub\":\"someone\",") },
        { "exp present", Sets.Payload(Iss, Aud, Sets.SessionRevoked, subId: Subject, extra: "\"exp\":4102444800,") },
        { "two events", "{\"iss\":\"" + (Iss) + "\",\"jti\":\"" + (Sets.NewJti()) + "\",\"iat\":1700000000,\"aud\":\"" + (Aud) + "\",\"sub_id\":" + (Subject) + ",\"events\":{\"" + (Sets.SessionRevoked) + "\":{},\"" + (Sets.AccountDisabled) + "\":{}}}" },
        { "no events", "{\"iss\":\"" + (Iss) + "\",\"jti\":\"" + (Sets.NewJti()) + "\",\"iat\":1700000000,\"aud\":\"" + (Aud) + "\",\"sub_id\":" + (Subject) + ",\"events\":{}}" },
        { "events not an object", "{\"iss\":\"" + (Iss) + "\",\"jti\":\"" + (Sets.NewJti()) + "\",\"iat\":1700000000,\"aud\":\"" + (Aud) + "\",\"sub_id\":" + (Subject) + ",\"events\":[\"" + (Sets.SessionRevoked) + "\"]}" },
        { "no subject", Sets.Payload(Iss, Aud, Sets.SessionRevoked) },
        { "malformed subject", Sets.Payload(Iss, Aud, Sets.SessionRevoked, subId: """{"format":"email"}""") },
        { "no jti", "{\"iss\":\"" + (Iss) + "\",\"iat\":1700000000,\"aud\":\"" + (Aud) + "\",\"sub_id\":" + (Subject) + ",\"events\":{\"" + (Sets.SessionRevoked) + "\":{}}}" },
        { "no iat", "{\"iss\":\"" + (Iss) + "\",\"jti\":\"" + (Sets.NewJti()) + "\",\"aud\":\"" + (Aud) + "\",\"sub_id\":" + (Subject) + ",\"events\":{\"" + (Sets.SessionRevoked) + "\":{}}}" },
        { "iat a string", "{\"iss\":\"" + (Iss) + "\",\"jti\":\"" + (Sets.NewJti()) + "\",\"iat\":\"1700000000\",\"aud\":\"" + (Aud) + "\",\"sub_id\":" + (Subject) + ",\"events\":{\"" + (Sets.SessionRevoked) + "\":{}}}" },
        { "iat in the future", Sets.Payload(Iss, Aud, Sets.SessionRevoked, subId: Subject, iat: DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()) },
        { "duplicate members", "{\"iss\":\"" + (Iss) + "\",\"iss\":\"" + (Iss) + "\",\"jti\":\"" + (Sets.NewJti()) + "\",\"iat\":1700000000,\"aud\":\"" + (Aud) + "\",\"sub_id\":" + (Subject) + ",\"events\":{\"" + (Sets.SessionRevoked) + "\":{}}}" },
        { "not JSON", "this is not JSON" },
        { "event not conforming", Sets.Payload(Iss, Aud, Sets.CredentialChange, """{"credential_type":"password"}""", subId: Subject) },
        { "event_timestamp a string", Sets.Payload(Iss, Aud, Sets.SessionRevoked, """{"event_timestamp":"yesterday"}""", subId: Subject) },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task Push_MalformedSet_IsInvalidRequest(string why, string payload)
    {
        Assert.NotEmpty(why);
        (await PushAsync(fixture.Idp.Sign(payload))).AssertError(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Theory]
    [InlineData("JWT")]
    [InlineData("at+jwt")]
    [InlineData(null)]
    public async Task Push_NotTypedAsSecEvent_IsInvalidRequest(string? typ)
    {
        var payload = Sets.Payload(Iss, Aud, Sets.SessionRevoked, subId: Subject);
        var set = TestTransmitter.SignWith(fixture.Idp.Key, payload, typ, fixture.Idp.Key.KeyId, "ES256");
        (await PushAsync(set)).AssertError(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Push_TooLarge_IsInvalidRequestBeforeParsing()
    {
        var huge = new string('a', 70 * 1024);
        (await PushAsync(huge + "." + huge + ".sig")).AssertError(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Push_WrongContentType_IsInvalidRequest()
    {
        var set = fixture.Idp.Sign(Sets.Payload(Iss, Aud, Sets.SessionRevoked, subId: Subject));
        (await fixture.Host.PushAsync("idp", set, contentType: "application/jwt")).AssertError(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Push_NoAuthorization_Is401AuthenticationFailed()
    {
        var set = fixture.Idp.Sign(Sets.Payload(Iss, Aud, Sets.SessionRevoked, subId: Subject));
        var response = await fixture.Host.PushAsync("idp", set, authorization: null);
        response.AssertError(HttpStatusCode.Unauthorized, "authentication_failed");
        Assert.Equal("Bearer", response.WwwAuthenticate);
    }

    [Fact]
    public async Task Push_WrongAuthorization_Is401AuthenticationFailed()
    {
        var set = fixture.Idp.Sign(Sets.Payload(Iss, Aud, Sets.SessionRevoked, subId: Subject));
        var response = await fixture.Host.PushAsync("idp", set, authorization: SignalsHost.PushSecret + "x");
        response.AssertError(HttpStatusCode.Unauthorized, "authentication_failed");
        Assert.Equal("Bearer error=\"invalid_token\"", response.WwwAuthenticate);
    }

    [Fact]
    public async Task Push_AnotherTransmittersCredentials_Is403AccessDenied()
    {
        var set = fixture.Idp.Sign(Sets.Payload(Iss, Aud, Sets.SessionRevoked, subId: Subject));
        (await fixture.Host.PushAsync("idp", set, authorization: ReceiverFixture.OtherSecret)).AssertError(HttpStatusCode.Forbidden, "access_denied");
    }

    [Fact]
    public async Task Push_OtherTransmittersSetOnThisEndpoint_IsRefused()
    {
        // Signed by "other" and naming its issuer, but pushed to idp's endpoint with idp's credentials.
        var set = fixture.Other.Sign(Sets.Payload(ReceiverFixture.OtherIssuer, Aud, Sets.SessionRevoked, subId: Subject));
        (await fixture.Host.PushAsync("idp", set)).AssertError(HttpStatusCode.BadRequest, "invalid_key");
    }

    [Fact]
    public async Task Push_UnknownTransmitter_Is404()
    {
        var response = await fixture.Host.PushAsync("nobody", "x.y.z");
        Assert.Equal(HttpStatusCode.NotFound, response.Status);
    }

    [Fact]
    public async Task Push_Refusals_AreAuditedWithoutTheSet()
    {
        var set = fixture.Idp.Sign(Sets.Payload("https://evil.example.com/", Aud, Sets.SessionRevoked, subId: Subject));
        (await PushAsync(set)).AssertError(HttpStatusCode.BadRequest, "invalid_issuer");
        var records = await fixture.Host.AuditAsync("signal.received");
        var refused = records.Where(r => r.Data.Contains("invalid_issuer", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, r => Assert.Contains("\"decision\":\"refused\"", r.Data, StringComparison.Ordinal));
        Assert.All(records, r => Assert.DoesNotContain(set.Split('.')[1], r.Data, StringComparison.Ordinal));
        Assert.All(records, r => Assert.DoesNotContain(SignalsHost.PushSecret, r.Data, StringComparison.Ordinal));
    }
}
