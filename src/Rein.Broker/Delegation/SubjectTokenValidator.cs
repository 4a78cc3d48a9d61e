using System.Collections.Frozen;
using System.Text.Json;
using Rein.Broker.ClientAuthentication;
using Rein.Core.Delegation;
using Rein.Core.Hosting;
using Rein.Core.Registry;
using Rein.Core.Revocation;
using Rein.Core.Tokens;
using Rein.Core.Trust;
using Rein.Jose;

namespace Rein.Broker.Delegation;

/// <summary>
/// Validates the <c>subject_token</c> of a token exchange (RFC 8693 §2.1): either the person's own token from a
/// <c>trust</c> issuer of <c>kind: user</c> (the organisation's IdP), verified against that issuer's keys, or a
/// delegated token Rein issued (a further hop of a chain). Anything else — a workload token, an agent's own token,
/// a foreign issuer's token — does not stand for a person and is refused. Errors never contain token content.
/// </summary>
internal sealed class SubjectTokenValidator(
    ReinRegistry registry,
    IssuerIdentity identity,
    AccessTokenValidator accessTokens,
    ValidatedTokenCache accessTokenCache,
    TrustedKeySource trustedKeys,
    RevocationIndex revocations,
    TimeProvider time)
{
    private readonly SubjectTokenCache _userTokenCache = SubjectTokenCache.For(registry, time);

    /// <summary>Subject tokens longer than this are refused before decoding.</summary>
    public const int MaxTokenLength = 16 * 1024;

    /// <summary>
    /// An IdP token that claims to live longer than this is a long-lived credential in disguise (ID and access tokens
    /// live minutes to hours).
    /// </summary>
    public static readonly TimeSpan MaxUserTokenLifetime = TimeSpan.FromHours(24);

    private static readonly JwsReadOptions UserTokenOptions = new()
    {
        Algorithms = new[]
        {
            JwsAlgorithms.ES256, JwsAlgorithms.ES384, JwsAlgorithms.ES512,
            JwsAlgorithms.RS256, JwsAlgorithms.RS384, JwsAlgorithms.RS512,
            JwsAlgorithms.PS256, JwsAlgorithms.PS384, JwsAlgorithms.PS512,
        }.ToFrozenSet(StringComparer.Ordinal),
        // Note: ID tokens are typed JWT or untyped; RFC 9068 access tokens at+jwt. Every other typed JWT (dpop+jwt,
        // secevent+jwt, txntoken+jwt, client-authentication+jwt) is another kind of token and must not pass as a person's.
        AcceptedTypes = ["JWT", TokenTypes.AccessToken],
        MaxTokenLength = MaxTokenLength,
    };

    public async Task<(SubjectToken? Token, string? Error)> ValidateAsync(string token, string tokenType, CancellationToken cancellationToken)
    {
        if (token.Length > MaxTokenLength) return (null, "the subject token is too large");
        if (!UnverifiedClaims.TryRead(token, MaxTokenLength, out var iss, out _) || iss is null)
        {
            return (null, "the subject token is not a JWT with an issuer");
        }

        if (iss == identity.Issuer)
        {
            return tokenType is TokenTypeUris.AccessToken or TokenTypeUris.Jwt
                ? ValidateReinToken(token)
                : (null, "a Rein-issued subject token has subject_token_type access_token or jwt");
        }
        if (registry.Current.TrustedIssuers.TryGetValue(iss, out var trusted) && trusted.IsUserIssuer)
        {
            var hash = ValidatedTokenCache.TokenHash.Of(token);
            if (_userTokenCache.TryGet(hash, out var cached) && cached.Issuer == trusted.Issuer)
            {
                return revocations.IsRevoked(SubjectKind.User, DelegatedUser.Key(cached.Token.UserIssuer, cached.Token.UserSubject), cached.IssuedAt)
                    ? (null, "the subject token has been revoked")
                    : (cached.Token, null);
            }
            var (validated, error, issuedAt) = await ValidateUserTokenAsync(token, trusted, cancellationToken).ConfigureAwait(false);
            if (validated is not null) _userTokenCache.Add(hash, validated, trusted.Issuer, issuedAt);
            return (validated, error);
        }
        return (null, "the subject token's issuer is not trusted for people's tokens");
    }

    private (SubjectToken?, string?) ValidateReinToken(string token)
    {
        // The validator checks signature, typ at+jwt, lifetime and every revocation key of the chain; a token it already
        // verified (here or at this process's gateway) is only re-checked for revocation, as the gateway does.
        var (accessToken, error) = ReinTokenCheck.Validate(accessTokens, accessTokenCache, token);
        if (accessToken is null) return (null, "the subject token is invalid: " + error);
        if (!accessToken.IsDelegated)
        {
            // Note: an agent's own token is not a person's, and an impersonation token would drop the impersonating
            // agent from the chain if exchanged further.
            return (null, "a Rein-issued subject token must be a delegated token (one with an act claim)");
        }
        if (accessToken.ApprovalId is not null) return (null, "an elevation token (issued for one approved action) cannot be exchanged");
        return (new SubjectToken
        {
            UserIssuer = accessToken.UserIssuer!,
            UserSubject = accessToken.Subject,
            Actors = accessToken.Actors,
            SessionId = accessToken.SessionId,
            ScopeLimit = accessToken.Scopes.ToFrozenSet(StringComparer.Ordinal),
            ExpiresAt = accessToken.ExpiresAt,
            // Note: a next hop carries the groups the person's own token listed, as the first hop read them.
            Groups = accessToken.Groups,
            IsReinToken = true,
        }, null);
    }

    private async Task<(SubjectToken?, string?, long)> ValidateUserTokenAsync(string token, TrustedIssuer trusted, CancellationToken cancellationToken)
    {
        var read = await trustedKeys.ReadAsync(trusted, token, UserTokenOptions, cancellationToken).ConfigureAwait(false);
        if (read is null) return (null, "the person's issuer keys are not available", 0);
        if (!read.IsValid) return (null, "the subject token is invalid: " + read.ErrorDescription, 0);

        var check = JwtClaimValidator.Validate(read.Payload, new JwtClaimRules
        {
            Issuer = trusted.Issuer,
            Audiences = trusted.Audience is not null ? [trusted.Audience] : [identity.Issuer, identity.TokenEndpoint],
            RequireExpiration = true,
            // Note: iat is what a revocation of the person is compared with; a token without it could not be revoked.
            RequireIssuedAt = true,
            ClockSkew = ClientAuthenticator.ClockSkew,
            MaxLifetime = MaxUserTokenLifetime,
        }, time.GetUtcNow());
        if (!check.IsValid) return (null, "the subject token is invalid: " + check.Error, 0);
        if (check.Subject is not { Length: > 0 and <= Core.Configuration.ConfigValidator.MaxUserSubjectLength } subject)
        {
            return (null, "the subject token has no usable sub", 0);
        }
        if (!MayAct.TryRead(read.Payload, out var mayAct)) return (null, "the subject token has a malformed may_act claim", 0);
        IReadOnlyList<string> groups = [];
        if (trusted.GroupsClaim is { } groupsClaim && read.Payload.TryGetProperty(groupsClaim, out var claim))
        {
            // Note: a token without the claim lists no groups (IdPs leave it out for a person in none).
            if (UserGroups.Read(claim, out var groupsError) is not { } listed)
            {
                return (null, $"the subject token's {groupsClaim} claim {groupsError}", 0);
            }
            groups = listed;
        }

        var iat = check.IssuedAt!.Value.ToUnixTimeSeconds();
        if (revocations.IsRevoked(SubjectKind.User, DelegatedUser.Key(trusted.Issuer, subject), iat))
        {
            return (null, "the subject token has been revoked", 0);
        }

        return (new SubjectToken
        {
            UserIssuer = trusted.Issuer,
            UserSubject = subject,
            ScopeLimit = ReinActionsIn(read.Payload),
            ExpiresAt = check.Expires!.Value.ToUnixTimeSeconds(),
            MayAct = mayAct,
            Groups = groups,
        }, null, iat);
    }

    /// <summary>
    /// The Rein actions an IdP token's <c>scope</c> (RFC 9068 string) or <c>scp</c> (array) names. An IdP's own scopes
    /// (<c>openid</c>, <c>profile</c>) are not Rein actions and limit nothing; a token whose scopes name Rein actions
    /// limits the new token to those. Null when it names none.
    /// </summary>
    private IReadOnlySet<string>? ReinActionsIn(JsonElement payload)
    {
        var known = registry.Current.ActionNames;
        HashSet<string>? found = null;
        void Add(string? value)
        {
            if (value is null) return;
            foreach (var scope in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (known.Contains(scope)) (found ??= new HashSet<string>(StringComparer.Ordinal)).Add(scope);
            }
        }
        foreach (var name in new[] { "scope", "scp" })
        {
            if (!payload.TryGetProperty(name, out var claim)) continue;
            if (claim.ValueKind == JsonValueKind.String) Add(claim.GetString());
            else if (claim.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in claim.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String) Add(item.GetString());
                }
            }
        }
        return found;
    }
}
