using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Rein.Broker.Http;
using Rein.Core.Hosting;
using Rein.Core.Registry;
using Rein.Core.Trust;
using Rein.Jose;

namespace Rein.Broker.ClientAuthentication;

/// <summary>
/// Authenticates the client at the token, introspection and revocation endpoints: <c>private_key_jwt</c>
/// (RFC 7523), a workload token from a trusted issuer, a SPIFFE JWT-SVID, or — only where declared as an expiring
/// exception — <c>client_secret_basic</c>. Exactly one method per request (RFC 6749 §2.3).
/// </summary>
internal sealed partial class ClientAuthenticator(
    ReinRegistry registry,
    IssuerIdentity issuer,
    TrustedKeySource trustedKeys,
    [FromKeyedServices(BrokerServiceCollectionExtensions.AssertionReplayCacheKey)] ReplayCache replayCache,
    TimeProvider time)
{
    /// <summary>
    /// Client assertion <c>jti</c>s remembered at once (under 72 bytes each, in flat tables that grow as used):
    /// 3,000,000 covers 5,000 assertions a second that each claim the longest allowed life. Past it, new assertions
    /// are refused (fail closed).
    /// </summary>
    public const int AssertionReplayCapacity = 3_000_000;

    // Note: the token, introspection and revocation endpoints each accept their own URL; the last one's set is kept.
    private AudienceSet? _audiences;

    /// <summary>Assertions longer than this are refused before decoding.</summary>
    public const int MaxAssertionLength = 16 * 1024;

    /// <summary>A private_key_jwt assertion may not claim to live longer than this (RFC 7523 §3 asks for a short life).</summary>
    public static readonly TimeSpan MaxAssertionLifetime = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private static readonly FrozenSet<string> AssertionAlgorithms = new[]
    {
        JwsAlgorithms.ES256, JwsAlgorithms.ES384, JwsAlgorithms.ES512,
        JwsAlgorithms.RS256, JwsAlgorithms.RS384, JwsAlgorithms.RS512,
        JwsAlgorithms.PS256, JwsAlgorithms.PS384, JwsAlgorithms.PS512,
    }.ToFrozenSet(StringComparer.Ordinal);

    public async Task<ClientAuthResult> AuthenticateAsync(HttpRequest request, OAuthForm form, CancellationToken cancellationToken)
    {
        var assertionType = form["client_assertion_type"];
        var assertion = form["client_assertion"];
        var authorization = request.Headers.Authorization.ToString();
        var hasBasic = authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase);
        var hasAssertion = assertionType is not null || assertion is not null;

        if (form["client_secret"] is not null)
        {
            return ClientAuthResult.Fail("client_secret_post is not supported; use private_key_jwt or a workload identity");
        }
        if (hasBasic && hasAssertion)
        {
            return ClientAuthResult.BadRequest("more than one client authentication method was used");
        }
        if (hasAssertion)
        {
            var audiences = AcceptedAudiences(request.Path);
            if (assertionType is null || assertion is null)
            {
                return ClientAuthResult.BadRequest("client_assertion and client_assertion_type must be sent together");
            }
            if (assertion.Length > MaxAssertionLength) return ClientAuthResult.Fail("the client assertion is too large");
            return assertionType switch
            {
                ClientAssertionTypes.JwtBearer => await AuthenticateJwtBearerAsync(assertion, form["client_id"], audiences, cancellationToken).ConfigureAwait(false),
                ClientAssertionTypes.JwtSpiffe => await AuthenticateSpiffeAsync(assertion, form["client_id"], audiences, cancellationToken).ConfigureAwait(false),
                _ => ClientAuthResult.Fail("unsupported client_assertion_type"),
            };
        }
        if (hasBasic) return AuthenticateBasic(authorization, form["client_id"]);
        return ClientAuthResult.Fail("client authentication is required");
    }

    /// <summary>
    /// RFC 7523 §3: the issuer identifies the authorization server; the token endpoint URL and the URL of the
    /// endpoint being called are accepted too, as clients differ in which they use. Built once per endpoint (the
    /// issuer is fixed once the host listens; it is recognised by reference), not per request.
    /// </summary>
    private string[] AcceptedAudiences(PathString path)
    {
        var issuerUrl = issuer.Issuer;
        var cached = Volatile.Read(ref _audiences);
        var pathValue = path.Value ?? "";
        if (cached is not null && ReferenceEquals(cached.Issuer, issuerUrl) && string.Equals(cached.Path, pathValue, StringComparison.Ordinal))
        {
            return cached.Audiences;
        }
        string[] audiences = [issuerUrl, issuer.TokenEndpoint, issuerUrl + path];
        Volatile.Write(ref _audiences, new AudienceSet(issuerUrl, pathValue, audiences));
        return audiences;
    }

    private sealed record AudienceSet(string Issuer, string Path, string[] Audiences);

    private Task<ClientAuthResult> AuthenticateJwtBearerAsync(string assertion, string? clientIdParameter, string[] audiences, CancellationToken cancellationToken)
    {
        if (!UnverifiedClaims.TryRead(assertion, MaxAssertionLength, out var iss, out _) || iss is null)
        {
            return Task.FromResult(ClientAuthResult.Fail("the client assertion is malformed"));
        }

        var snapshot = registry.Current;
        if (snapshot.Clients.TryGetValue(iss, out var client) && client.Jwks is not null)
        {
            return Task.FromResult(AuthenticatePrivateKeyJwt(assertion, client, clientIdParameter, audiences));
        }
        // Note: a person's token (trust kind user) never authenticates a client, whatever it claims.
        if (snapshot.TrustedIssuers.TryGetValue(iss, out var trusted) && !trusted.IsSpiffe && trusted.Kind != TrustedIssuer.UserKind)
        {
            return AuthenticateWorkloadAsync(assertion, trusted, clientIdParameter, audiences, ClientAuthMethod.Workload, cancellationToken);
        }
        return Task.FromResult(ClientAuthResult.Fail("the client assertion's issuer is not a registered client or trusted issuer"));
    }

    /// <summary>
    /// Identifies the client a workload token or SPIFFE JWT-SVID stands for, with the same checks as client
    /// authentication: the <c>actor_token</c> of a token exchange. A failure unless a registered client was found.
    /// </summary>
    public Task<ClientAuthResult> IdentifyWorkloadAsync(string token, string[] audiences, CancellationToken cancellationToken)
    {
        if (token.Length > MaxAssertionLength || !UnverifiedClaims.TryRead(token, MaxAssertionLength, out var iss, out var sub))
        {
            return Task.FromResult(ClientAuthResult.Fail("the token is malformed"));
        }
        if (sub is not null && sub.StartsWith("spiffe://", StringComparison.Ordinal))
        {
            return AuthenticateSpiffeAsync(token, null, audiences, cancellationToken);
        }
        if (iss is not null && registry.Current.TrustedIssuers.TryGetValue(iss, out var trusted) && !trusted.IsSpiffe &&
            trusted.Kind != TrustedIssuer.UserKind)
        {
            return AuthenticateWorkloadAsync(token, trusted, null, audiences, ClientAuthMethod.Workload, cancellationToken);
        }
        return Task.FromResult(ClientAuthResult.Fail("the token is not a workload token of a trusted issuer"));
    }
}
