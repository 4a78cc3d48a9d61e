using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Rein.Jose;
using Rein.Jose.DPoP;

namespace Rein.Client;

/// <summary>
/// The agent side of Rein: discovery, client authentication (private_key_jwt or a workload token), DPoP proofs with
/// server-nonce retry, one-tool token requests, and token exchange to act for a person.
/// </summary>
public sealed class ReinClient : IDisposable
{
    private const string JwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private readonly HttpClient _http;
    private readonly ReinClientOptions _options;
    private readonly bool _ownsDPoPKey;
    private readonly ConcurrentDictionary<string, string> _nonces = new(StringComparer.Ordinal);
    private ServerMetadata? _metadata;

    public ReinClient(HttpClient http, ReinClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        if (options.ClientKey is null && options.WorkloadToken is null)
        {
            throw new ArgumentException("Give a ClientKey (private_key_jwt) or a WorkloadToken.", nameof(options));
        }
        _http = http;
        _options = options;
        _ownsDPoPKey = options.DPoPKey is null;
        DPoPKey = options.DPoPKey ?? SigningKey.Generate(JwsAlgorithms.ES256, "dpop");
    }

    /// <summary>The issuer this client talks to, as configured (no trailing slash).</summary>
    public string Issuer => _options.Issuer.AbsoluteUri.TrimEnd('/');

    /// <summary>The key this client's tokens are bound to.</summary>
    public SigningKey DPoPKey { get; }

    public async Task<ServerMetadata> DiscoverAsync(CancellationToken cancellationToken = default)
    {
        if (_metadata is not null) return _metadata;
        var url = new Uri(_options.Issuer.AbsoluteUri.TrimEnd('/') + "/.well-known/oauth-authorization-server");
        using var doc = JsonDocument.Parse(await _http.GetByteArrayAsync(url, cancellationToken).ConfigureAwait(false));
        var root = doc.RootElement;
        var issuer = root.GetProperty("issuer").GetString()!;
        if (issuer != _options.Issuer.AbsoluteUri.TrimEnd('/'))
        {
            // RFC 8414 §3.3: the metadata must be for the issuer we asked.
            throw new InvalidOperationException("The server's metadata names a different issuer.");
        }
        _metadata = new ServerMetadata(issuer,
            new Uri(root.GetProperty("token_endpoint").GetString()!),
            new Uri(root.GetProperty("jwks_uri").GetString()!),
            Optional(root, "introspection_endpoint"), Optional(root, "revocation_endpoint"));
        return _metadata;
    }

    /// <summary>
    /// Requests a DPoP-bound token for one tool (<paramref name="resource"/>) and the given actions; an admin client
    /// passes no resource and the scope <c>rein:admin</c>.
    /// </summary>
    public async Task<TokenResponse> RequestTokenAsync(string? resource, IEnumerable<string> scopes, CancellationToken cancellationToken = default)
    {
        var metadata = await DiscoverAsync(cancellationToken).ConfigureAwait(false);
        var parameters = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = string.Join(' ', scopes),
        };
        if (resource is not null) parameters["resource"] = resource;
        return await SendTokenRequestAsync(metadata.TokenEndpoint, parameters, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Exchanges a person's token for a DPoP-bound token that acts for them on one tool (RFC 8693). Throws
    /// <see cref="ApprovalPendingException"/> when the action waits for a human approval, and
    /// <see cref="ReinClientException"/> for any other refusal.
    /// </summary>
    public async Task<TokenResponse> ExchangeTokenAsync(TokenExchangeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var metadata = await DiscoverAsync(cancellationToken).ConfigureAwait(false);
        var parameters = new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange",
            ["subject_token"] = request.SubjectToken,
            ["subject_token_type"] = request.SubjectTokenType,
            ["scope"] = string.Join(' ', request.Scopes),
        };
        if (request.Resource is not null) parameters["resource"] = request.Resource;
        if (request.Audience is not null) parameters["audience"] = request.Audience;
        if (request.ActorToken is not null)
        {
            parameters["actor_token"] = request.ActorToken;
            parameters["actor_token_type"] = request.ActorTokenType;
        }
        if (request.AuthorizationDetails is not null) parameters["authorization_details"] = request.AuthorizationDetails;
        if (request.ApprovalId is not null) parameters["approval_id"] = request.ApprovalId;
        return await SendTokenRequestAsync(metadata.TokenEndpoint, parameters, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="ExchangeTokenAsync"/>, waiting out a human approval: while the request is pending it retries every
    /// <c>interval</c> (on this client's clock) with the approval id, until the token is issued or the approval is
    /// denied (<c>access_denied</c>) or lapses (<c>expired_token</c>), which throw. <paramref name="onPending"/> is
    /// told the approval id once, e.g. to show the person where to approve.
    /// </summary>
    public async Task<TokenResponse> ExchangeTokenWithApprovalAsync(TokenExchangeRequest request, Action<string>? onPending = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? announced = null;
        while (true)
        {
            try
            {
                return await ExchangeTokenAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (ApprovalPendingException pending)
            {
                if (announced != pending.ApprovalId)
                {
                    announced = pending.ApprovalId;
                    onPending?.Invoke(pending.ApprovalId);
                }
                request = request with { ApprovalId = pending.ApprovalId };
                await Task.Delay(pending.Interval, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sends a form to the token endpoint with client authentication and a DPoP proof, retrying once for a nonce.</summary>
    public async Task<TokenResponse> SendTokenRequestAsync(Uri tokenEndpoint, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, tokenEndpoint);
            request.Content = new FormUrlEncodedContent(WithClientAuthentication(parameters, tokenEndpoint));
            request.Headers.Add("DPoP", CreateProof(HttpMethod.Post.Method, tokenEndpoint, accessToken: null));
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            RememberNonce(tokenEndpoint, response);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return new TokenResponse(body.GetProperty("access_token").GetString()!, body.GetProperty("token_type").GetString()!,
                    body.GetProperty("expires_in").GetInt32(), body.TryGetProperty("scope", out var s) ? s.GetString() : null,
                    body.TryGetProperty("issued_token_type", out var t) ? t.GetString() : null,
                    body.TryGetProperty("authorization_details", out var details) ? details.GetRawText() : null);
            }
            var error = body.TryGetProperty("error", out var e) ? e.GetString() ?? "unknown" : "unknown";
            if (error == "use_dpop_nonce" && attempt == 0) continue;
            var description = body.TryGetProperty("error_description", out var d) ? d.GetString() : null;
            if (error == "authorization_pending" && body.TryGetProperty("approval_id", out var approval) && approval.GetString() is { } approvalId)
            {
                throw new ApprovalPendingException(approvalId,
                    TimeSpan.FromSeconds(body.TryGetProperty("expires_in", out var ex) && ex.TryGetInt64(out var exs) ? exs : 0),
                    TimeSpan.FromSeconds(body.TryGetProperty("interval", out var iv) && iv.TryGetInt32(out var ivs) && ivs > 0 ? ivs : 5),
                    description);
            }
            throw new ReinClientException((int)response.StatusCode, error, description);
        }
    }

    /// <summary>A DPoP proof for a request, carrying the latest nonce this origin gave us.</summary>
    public string CreateProof(string method, Uri uri, string? accessToken)
    {
        _nonces.TryGetValue(uri.GetLeftPart(UriPartial.Authority), out var nonce);
        return DPoPProofWriter.Create(DPoPKey, method, uri, accessToken, nonce, _options.TimeProvider.GetUtcNow());
    }

    /// <summary>Records a <c>DPoP-Nonce</c> response header for the response's origin.</summary>
    public void RememberNonce(Uri uri, HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("DPoP-Nonce", out var values) && values.FirstOrDefault() is { Length: > 0 } nonce)
        {
            _nonces[uri.GetLeftPart(UriPartial.Authority)] = nonce;
        }
    }

    /// <summary>
    /// A private_key_jwt client assertion (RFC 7523 §3) for <paramref name="audience"/> — the issuer, as
    /// rfc7523bis recommends — single use, one minute.
    /// </summary>
    public string CreateClientAssertion(string audience)
    {
        var key = _options.ClientKey ?? throw new InvalidOperationException("No client key is configured.");
        var now = _options.TimeProvider.GetUtcNow().ToUnixTimeSeconds();
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        var state = (_options.ClientId, audience, now, jti: Base64Url.EncodeToString(random));
        return JwtWriter.Write(key, "JWT", state, static (w, s) =>
        {
            w.WriteString("iss"u8, s.ClientId);
            w.WriteString("sub"u8, s.ClientId);
            w.WriteString("aud"u8, s.audience);
            w.WriteString("jti"u8, s.jti);
            w.WriteNumber("iat"u8, s.now);
            w.WriteNumber("exp"u8, s.now + 60);
        });
    }

    private Dictionary<string, string> WithClientAuthentication(IReadOnlyDictionary<string, string> parameters, Uri tokenEndpoint)
    {
        var form = new Dictionary<string, string>(parameters)
        {
            ["client_id"] = _options.ClientId,
            ["client_assertion_type"] = JwtBearer,
            ["client_assertion"] = _options.WorkloadToken is { } workload ? workload() : CreateClientAssertion(_metadata?.Issuer ?? tokenEndpoint.AbsoluteUri),
        };
        return form;
    }

    private static Uri? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.GetString() is { } s ? new Uri(s) : null;

    /// <summary>An HTTP handler that sends each request with this client's token and a fresh DPoP proof.</summary>
    public DPoPHandler CreateHandler(Func<CancellationToken, ValueTask<string>> accessToken, HttpMessageHandler? inner = null) =>
        new(this, accessToken) { InnerHandler = inner ?? new SocketsHttpHandler() };

    public void Dispose()
    {
        if (_ownsDPoPKey) DPoPKey.Dispose();
    }

    internal static bool IsNonceChallenge(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Unauthorized &&
        response.Headers.WwwAuthenticate.Any(h => h.Parameter?.Contains("use_dpop_nonce", StringComparison.Ordinal) == true);
}
