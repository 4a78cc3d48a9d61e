using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Rein.Broker.Tests.Infrastructure;

namespace Rein.Broker.Tests.Token;

/// <summary>Malformed and unacceptable token requests: RFC 6749 §5.2 and RFC 8707 errors, exactly.</summary>
public sealed class TokenRequestErrorTests(StandardBroker broker) : IClassFixture<StandardBroker>
{
    private BrokerHost Host => broker.Host;

    /// <summary>A valid request for "bot" with one field changed; a valid proof and nonce, so only the change can fail it.</summary>
    private async Task<WireResponse> SendAsync(Func<Form, Form> change)
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var nonce = await Host.NonceAsync();
        return await Host.PostFormAsync(Host.TokenEndpoint, change(BrokerHost.ClientCredentials(Host.Assertion("bot"))), [Host.Proof(dpopKey, nonce)]);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("unknown")]
    [InlineData("repeated")]
    [InlineData("repeated-same")]
    [InlineData("relative")]
    [InlineData("fragment")]
    [InlineData("admin-api")]
    [InlineData("trailing-slash")]
    public async Task Token_BadResource_ReturnsInvalidTarget(string defect)
    {
        var response = await SendAsync(form => defect switch
        {
            "missing" => form.Without("resource"),
            "unknown" => form.With("resource", "https://unknown.example.internal"),
            "repeated" => AddResource(form, Scenario.VaultAudience),
            "repeated-same" => AddResource(form, Scenario.TicketsAudience),
            "relative" => form.With("resource", "/tickets"),
            "fragment" => form.With("resource", Scenario.TicketsAudience + "#x"),
            "admin-api" => form.With("resource", Host.AdminAudience),
            "trailing-slash" => form.With("resource", Scenario.TicketsAudience + "/"),
            _ => throw new ArgumentOutOfRangeException(nameof(defect)),
        });

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_target");
    }

    private static Form AddResource(Form form, string resource)
    {
        form.Add("resource", resource);
        return form;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("tickets.delete")]
    [InlineData("vault.read")]
    [InlineData("rein:admin")]
    [InlineData("TICKETS.READ")]
    [InlineData("tickets.read,tickets.write")]
    public async Task Token_NoAllowedScope_ReturnsInvalidScope(string? scope)
    {
        var response = await SendAsync(form => scope is null ? form.Without("scope") : form.With("scope", scope));

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_scope");
    }

    [Theory]
    [InlineData("authorization_code")]
    [InlineData("password")]
    [InlineData("refresh_token")]
    [InlineData("urn:ietf:params:oauth:grant-type:jwt-bearer")]
    [InlineData("CLIENT_CREDENTIALS")]
    public async Task Token_UnknownGrantType_ReturnsUnsupportedGrantType(string grantType)
    {
        var response = await SendAsync(form => form.With("grant_type", grantType));

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "unsupported_grant_type");
    }

    [Fact]
    public async Task Token_MissingGrantType_ReturnsInvalidRequest()
    {
        var response = await SendAsync(form => form.Without("grant_type"));

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Theory]
    [InlineData("grant_type")]
    [InlineData("scope")]
    [InlineData("client_assertion")]
    [InlineData("client_assertion_type")]
    public async Task Token_RepeatedParameter_ReturnsInvalidRequest(string name)
    {
        var response = await SendAsync(form =>
        {
            form.Add(name, form.First(p => p.Key == name).Value);
            return form;
        });

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Token_ClientSecretInBody_ReturnsInvalidClient()
    {
        var response = await Host.PostFormAsync(Host.TokenEndpoint, new Form
        {
            { "grant_type", "client_credentials" },
            { "resource", Scenario.TicketsAudience },
            { "scope", "tickets.read" },
            { "client_id", "basic-bot" },
            { "client_secret", Scenario.Secret },
        });

        WireAssert.OAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Token_NoClientAuthentication_ReturnsInvalidClient()
    {
        var response = await Host.PostFormAsync(Host.TokenEndpoint, BrokerHost.ClientCredentials(assertion: null, clientId: "nodpop-bot"));

        WireAssert.OAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Theory]
    [InlineData("application/json", "{\"grant_type\":\"client_credentials\"}")]
    [InlineData("text/plain", "grant_type=client_credentials")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\nclient_credentials\r\n--x--\r\n")]
    public async Task Token_NonFormContentType_ReturnsInvalidRequest(string contentType, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var http = await Host.Http.PostAsync(Host.TokenEndpoint, content);
        var response = await WireResponse.FromAsync(http, []);

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Token_ContentTypeThatOnlyStartsLikeAForm_ReturnsInvalidRequest()
    {
        using var content = new StringContent("grant_type=client_credentials", Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded-evil");
        using var http = await Host.Http.PostAsync(Host.TokenEndpoint, content);

        WireAssert.OAuthError(await WireResponse.FromAsync(http, []), HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Token_FormContentTypeWithCharset_IsAccepted()
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var nonce = await Host.NonceAsync();
        var assertion = Host.Assertion("bot");
        using var request = new HttpRequestMessage(HttpMethod.Post, Host.TokenEndpoint)
        {
            Content = new FormUrlEncodedContent(BrokerHost.ClientCredentials(assertion)),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=UTF-8");
        var proof = Host.Proof(dpopKey, nonce);
        request.Headers.Add("DPoP", proof);
        using var http = await Host.Http.SendAsync(request);

        WireAssert.TokenIssued(await WireResponse.FromAsync(http, [assertion, proof]), "DPoP");
    }

    [Fact]
    public async Task Token_NoBody_ReturnsInvalidRequest()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Host.TokenEndpoint);
        using var http = await Host.Http.SendAsync(request);
        var response = await WireResponse.FromAsync(http, []);

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Token_Get_ReturnsInvalidRequest()
    {
        var assertion = Host.Assertion("nodpop-bot");
        var query = $"?grant_type=client_credentials&resource={Uri.EscapeDataString(Scenario.TicketsAudience)}&scope=tickets.read" +
            $"&client_assertion_type={Uri.EscapeDataString(BrokerHost.JwtBearer)}&client_assertion={assertion}";
        using var http = await Host.Http.GetAsync(new Uri(Host.TokenEndpoint + query));
        var response = await WireResponse.FromAsync(http, [assertion]);

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Theory]
    [InlineData("long-key")]
    [InlineData("too-many-pairs")]
    [InlineData("long-value")]
    public async Task Token_MalformedBody_ReturnsInvalidRequest(string defect)
    {
        var body = defect switch
        {
            "long-key" => new string('k', 200) + "=v&grant_type=client_credentials",
            "too-many-pairs" => string.Join('&', Enumerable.Range(0, 80).Select(i => $"p{i}=v")),
            "long-value" => "grant_type=client_credentials&x=" + new string('v', 33 * 1024),
            _ => throw new ArgumentOutOfRangeException(nameof(defect)),
        };
        using var content = new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded");
        using var http = await Host.Http.PostAsync(Host.TokenEndpoint, content);
        var response = await WireResponse.FromAsync(http, []);

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Token_OversizedBody_ReturnsInvalidRequest(bool withContentLength)
    {
        // Eight values of 9,000 characters each: every value is under the per-value limit, the body is over 64 KiB.
        var body = "grant_type=client_credentials&" + string.Join('&', Enumerable.Range(0, 8).Select(i => $"pad{i}=" + new string('a', 9000)));
        Assert.True(body.Length > 64 * 1024);
        HttpContent content = withContentLength
            ? new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded")
            : new StreamContent(new UnseekableStream(Encoding.ASCII.GetBytes(body)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using (content)
        {
            using var http = await Host.Http.PostAsync(Host.TokenEndpoint, content);
            var response = await WireResponse.FromAsync(http, []);
            if (!withContentLength) Assert.Null(http.RequestMessage!.Content!.Headers.ContentLength);

            WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_request");
        }
    }

    [Fact]
    public async Task Token_BodyWithEncodedNamesPlusSpacesAndEmptyPairs_SentInSmallPieces_IsAccepted()
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var nonce = await Host.NonceAsync();
        var assertion = Host.Assertion("bot");
        var proof = Host.Proof(dpopKey, nonce);
        // Names percent-encoded, a '+' for the space between two scopes, empty pairs and an empty value (absent),
        // arriving a few bytes at a time so the body spans many reads.
        var body = "grant%5Ftype=client_credentials&&resource=" + Uri.EscapeDataString(Scenario.TicketsAudience) +
            "&scope=tickets.read+tickets.read&client_id=&client_assertion_type=" + Uri.EscapeDataString(BrokerHost.JwtBearer) +
            "&client%5fassertion=" + assertion + "&";
        using var content = new StreamContent(new TrickleStream(Encoding.ASCII.GetBytes(body)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, Host.TokenEndpoint) { Content = content };
        request.Headers.Add("DPoP", proof);
        using var http = await Host.Http.SendAsync(request);

        WireAssert.TokenIssued(await WireResponse.FromAsync(http, [assertion, proof]), "DPoP");
    }

    [Theory]
    [InlineData("grant_type=client_credentials&grant%5Ftype=client_credentials")]
    [InlineData("grant_type=client_credentials&scope=a&scope=b")]
    [InlineData("grant_type=client_credentials&scope=&scope=b")]
    public Task Token_ParameterRepeatedUnderAnySpelling_ReturnsInvalidRequest(string body) =>
        AssertRawBodyRefusedAsync(body, "repeated");

    [Theory]
    [InlineData("grant_type=client_credentials&scope=%FF")]
    [InlineData("grant_type=client_credentials&sc%C3ope=x")]
    [InlineData("grant_type=client_credentials&scope=%ED%A0%80")]
    public Task Token_BodyThatIsNotUtf8_ReturnsInvalidRequest(string body) =>
        AssertRawBodyRefusedAsync(body, "malformed");

    /// <summary>Posts <paramref name="body"/> as it is and expects 400 <c>invalid_request</c> saying <paramref name="why"/>.</summary>
    private async Task AssertRawBodyRefusedAsync(string body, string why)
    {
        using var content = new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded");
        using var http = await Host.Http.PostAsync(Host.TokenEndpoint, content);
        var response = await WireResponse.FromAsync(http, []);

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains(why, response.Body, StringComparison.Ordinal);
    }

    /// <summary>A body that arrives at most seven bytes per read, without Content-Length.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 7));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 7)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 7)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, 7), cancellationToken);
    }

    /// <summary>A stream of unknown length, so HttpClient sends the body chunked, without Content-Length.</summary>
    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
