using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Rein.Core.Transactions;
using Rein.Jose;

namespace Rein.Core.Tests.Transactions;

/// <summary>The key set upstream services fetch: https only, rate-limited re-fetches, and the last good set kept.</summary>
public sealed class RemoteJsonWebKeySetTests
{
    private static readonly SigningKey First = SigningKey.Generate(JwsAlgorithms.ES256, "txn-first");
    private static readonly SigningKey Second = SigningKey.Generate(JwsAlgorithms.ES256, "txn-second");
    private static readonly Uri JwksUri = new("https://rein.example.com/.well-known/txn-token-jwks.json");

    /// <summary>Answers every request with whatever <see cref="Next"/> says, and counts them.</summary>
    private sealed class FakeJwksServer : HttpMessageHandler
    {
        public Func<HttpResponseMessage> Next { get; set; } = () => new HttpResponseMessage(HttpStatusCode.NotFound);
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            return Task.FromResult(Next());
        }

        public static HttpResponseMessage Jwks(params SigningKey[] keys) => Json(JsonWebKeySet.Create(keys.Select(k => k.PublicJwk)).ToPublicJson());

        public static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }

    [Theory]
    [InlineData("http://rein.example.com/.well-known/txn-token-jwks.json")]
    [InlineData("ftp://rein.example.com/jwks")]
    public void Create_NotHttpsAndNotLoopback_IsRefused(string url)
    {
        using var http = new HttpClient();

        Assert.Throws<ArgumentException>(() => new RemoteJsonWebKeySet(http, new Uri(url)));
    }

    [Fact]
    public void Create_HttpOnLoopback_IsAllowed()
    {
        using var http = new HttpClient();

        using var keys = new RemoteJsonWebKeySet(http, new Uri("http://127.0.0.1:5080/.well-known/txn-token-jwks.json"));

        Assert.Null(keys.Current);
    }

    [Fact]
    public async Task Refresh_LoadsKeysAndRateLimitsFetches()
    {
        var server = new FakeJwksServer { Next = () => FakeJwksServer.Jwks(First) };
        using var http = new HttpClient(server);
        var time = new FakeTimeProvider(TxnJws.Now);
        using var keys = new RemoteJsonWebKeySet(http, JwksUri, time);
        Assert.Null(keys.Resolve("txn-first", "ES256"));

        Assert.True(await keys.RefreshAsync(CancellationToken.None));
        server.Next = () => FakeJwksServer.Jwks(First, Second);
        Assert.False(await keys.RefreshAsync(CancellationToken.None));
        Assert.Null(keys.Resolve("txn-second", "ES256"));
        time.Advance(keys.MinRefreshInterval);
        Assert.True(await keys.RefreshAsync(CancellationToken.None));

        Assert.NotNull(keys.Resolve("txn-first", "ES256"));
        Assert.NotNull(keys.Resolve("txn-second", "ES256"));
        Assert.Equal(2, server.Requests);
    }

    [Theory]
    [InlineData("error")]
    [InlineData("not json")]
    [InlineData("private key")]
    [InlineData("too large")]
    public async Task Refresh_BadAnswer_KeepsTheLastGoodSet(string answer)
    {
        var server = new FakeJwksServer { Next = () => FakeJwksServer.Jwks(First) };
        using var http = new HttpClient(server);
        var time = new FakeTimeProvider(TxnJws.Now);
        using var keys = new RemoteJsonWebKeySet(http, JwksUri, time);
        await keys.RefreshAsync(CancellationToken.None);
        server.Next = answer switch
        {
            "error" => () => new HttpResponseMessage(HttpStatusCode.InternalServerError),
            "not json" => () => FakeJwksServer.Json("<html>"),
            "private key" => () => FakeJwksServer.Json("{\"keys\":[" + Encoding.UTF8.GetString(Second.ExportPrivateJwk()) + "]}"),
            _ => () => FakeJwksServer.Json("{\"keys\":[],\"pad\":\"" + new string('x', 300 * 1024) + "\"}"),
        };
        time.Advance(keys.MinRefreshInterval);

        Assert.False(await keys.RefreshAsync(CancellationToken.None));

        Assert.NotNull(keys.Resolve("txn-first", "ES256"));
        Assert.Null(keys.Resolve("txn-second", "ES256"));
    }

    [Fact]
    public async Task Validator_TokenFromANewKey_IsValidAfterOneRefresh()
    {
        var server = new FakeJwksServer { Next = () => FakeJwksServer.Jwks(First) };
        using var http = new HttpClient(server);
        var time = new FakeTimeProvider(TxnJws.Now);
        using var keys = new RemoteJsonWebKeySet(http, JwksUri, time);
        var validator = new TransactionTokenValidator(new TransactionTokenValidatorOptions
        {
            TrustDomain = TxnJws.TrustDomain, Keys = keys.Resolve, RefreshKeys = keys.RefreshAsync, Time = time,
        });
        Assert.True((await validator.ValidateAsync(TxnJws.Sign(First, TxnJws.Header(First), TxnJws.Claims()), CancellationToken.None)).IsValid);

        server.Next = () => FakeJwksServer.Jwks(First, Second);
        time.Advance(keys.MinRefreshInterval);
        var result = await validator.ValidateAsync(TxnJws.Sign(Second, TxnJws.Header(Second), TxnJws.Claims()), CancellationToken.None);

        Assert.True(result.IsValid, result.ErrorDescription);
        Assert.Equal(2, server.Requests);
    }
}
