using System.Collections.Frozen;
using System.Text.Json;
using Rein.Core.Hosting;
using Rein.Core.Keys;
using Rein.Core.Revocation;
using Rein.Jose;

namespace Rein.Core.Tokens;

/// <summary>
/// Validates access tokens this Rein issued: signature against the key ring, <c>typ at+jwt</c>, <c>iss</c>,
/// <c>aud</c>, lifetime with a small skew, and the revocation index. Used by introspection, revocation and the gateway.
/// </summary>
public sealed class AccessTokenValidator(KeyRing keys, IssuerIdentity issuer, RevocationIndex revocations, TimeProvider time)
{
    /// <summary>Access tokens longer than this are refused before any decoding.</summary>
    public const int MaxTokenLength = 8 * 1024;

    private static readonly JwsReadOptions ReadOptions = new()
    {
        Algorithms = new[] { JwsAlgorithms.ES256, JwsAlgorithms.RS256 }.ToFrozenSet(StringComparer.Ordinal),
        AcceptedTypes = [TokenTypes.AccessToken],
        MaxTokenLength = MaxTokenLength,
    };

    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Validates <paramref name="token"/>; <paramref name="audience"/> null accepts any of this issuer's audiences.</summary>
    public AccessTokenValidation Validate(string token, string? audience)
    {
        var read = JwsReader.Read(token, ReadOptions, keys.Resolve);
        if (!read.IsValid) return AccessTokenValidation.Invalid(read.ErrorDescription);

        var rules = new JwtClaimRules
        {
            Issuer = issuer.Issuer,
            Audiences = audience is null ? null : [audience],
            RequireExpiration = true,
            RequireIssuedAt = true,
            RequireJwtId = true,
            ClockSkew = ClockSkew,
            MaxLifetime = TokenLifetimes.Longest + ClockSkew,
        };
        var check = JwtClaimValidator.Validate(read.Payload, rules, time.GetUtcNow());
        if (!check.IsValid) return AccessTokenValidation.Invalid(check.Error ?? "token claims are invalid");

        var payload = read.Payload;
        var subject = GetString(payload, "sub");
        var clientId = GetString(payload, "client_id");
        var aud = payload.TryGetProperty("aud", out var audElement) && audElement.ValueKind == JsonValueKind.String ? audElement.GetString() : null;
        if (subject is null || clientId is null || aud is null)
        {
            return AccessTokenValidation.Invalid("token lacks a required claim");
        }

        string? jkt = null;
        if (payload.TryGetProperty("cnf", out var cnf))
        {
            if (cnf.ValueKind != JsonValueKind.Object || !cnf.TryGetProperty("jkt", out var jktElement) || jktElement.ValueKind != JsonValueKind.String)
            {
                // Note: a confirmation method we do not understand must not be read as "unbound" (RFC 7800 §3.1).
                return AccessTokenValidation.Invalid("token has an unsupported confirmation method");
            }
            jkt = jktElement.GetString();
        }

        var delegation = ReadDelegation(payload);
        if (delegation.Error is not null) return AccessTokenValidation.Invalid(delegation.Error);

        IReadOnlyList<string> groups = [];
        if (payload.TryGetProperty("groups", out var groupsClaim))
        {
            // Note: groups are the person's (RFC 9068 §2.2.3.1); a token about no person has none to carry.
            if (delegation.UserIssuer is null) return AccessTokenValidation.Invalid("token has a groups claim without sub_id");
            if (Rein.Core.Delegation.UserGroups.Read(groupsClaim, out _) is not { } listed) return AccessTokenValidation.Invalid("token has a malformed groups claim");
            groups = listed;
        }

        var accessToken = new AccessToken
        {
            Subject = subject,
            ClientId = clientId,
            Audience = aud,
            Scope = GetString(payload, "scope") ?? string.Empty,
            JwtId = check.JwtId!,
            SessionId = GetString(payload, "sid"),
            IssuedAt = check.IssuedAt!.Value.ToUnixTimeSeconds(),
            ExpiresAt = check.Expires!.Value.ToUnixTimeSeconds(),
            ConfirmationThumbprint = jkt,
            ActorJson = payload.TryGetProperty("act", out var act) ? act.GetRawText() : null,
            Actors = delegation.Actors,
            UserIssuer = delegation.UserIssuer,
            UserKey = delegation.UserIssuer is null ? null : Rein.Core.Delegation.DelegatedUser.Key(delegation.UserIssuer, subject),
            Groups = groups,
            AuthorizationDetailsJson = payload.TryGetProperty("authorization_details", out var details) ? details.GetRawText() : null,
            GrantId = GetString(payload, "grant_id"),
            ApprovalId = GetString(payload, "approval_id"),
        };

        return IsRevoked(accessToken)
            ? AccessTokenValidation.Invalid("token has been revoked")
            : AccessTokenValidation.Valid(accessToken);
    }

    /// <summary>
    /// Whether any subject of the token has a revocation entry that covers its <c>iat</c> (DESIGN §4): its <c>jti</c>,
    /// client, session, the person it is about (<c>user:ISS|SUB</c>) or the agent it is, every actor in its
    /// <c>act</c> chain, and the grant it was issued under. A handful of hash lookups, no allocation.
    /// </summary>
    public bool IsRevoked(AccessToken token)
    {
        if (revocations.Count == 0) return false;
        var iat = token.IssuedAt;
        if (revocations.IsRevoked(SubjectKind.Token, token.JwtId, iat)
            || revocations.IsRevoked(SubjectKind.Client, token.ClientId, iat)
            || revocations.IsRevoked(SubjectKind.Agent, token.ClientId, iat)
            || revocations.IsRevoked(SubjectKind.Session, token.SessionId, iat)
            || revocations.IsRevoked(SubjectKind.Grant, token.GrantId, iat))
        {
            return true;
        }
        // Note: a person's sub lives in their issuer's namespace; only an agent's own token has an agent as its sub.
        if (token.UserKey is { } user ? revocations.IsRevoked(SubjectKind.User, user, iat) : revocations.IsRevoked(SubjectKind.Agent, token.Subject, iat))
        {
            return true;
        }
        var actors = token.Actors;
        for (var i = 0; i < actors.Count; i++)
        {
            if (revocations.IsRevoked(SubjectKind.Agent, actors[i], iat)) return true;
        }
        return false;
    }

    /// <summary>
    /// The restrictions signals put on a live token, over its subjects (DESIGN §4) and, for a delegated token, the user
    /// it acts for (<c>user:&lt;iss&gt;|&lt;sub&gt;</c>).
    /// </summary>
    public TokenRestrictions RestrictionsOf(AccessToken token)
    {
        var restrictions = default(TokenRestrictions);
        if (revocations.Count == 0) return restrictions;
        restrictions = revocations.Restrict(restrictions, SubjectKind.Token, token.JwtId);
        restrictions = revocations.Restrict(restrictions, SubjectKind.Agent, token.Subject);
        restrictions = revocations.Restrict(restrictions, SubjectKind.Client, token.ClientId);
        restrictions = revocations.Restrict(restrictions, SubjectKind.Agent, token.ClientId);
        restrictions = revocations.Restrict(restrictions, SubjectKind.Session, token.SessionId);
        if (token.UserKey is { } user) restrictions = revocations.Restrict(restrictions, SubjectKind.User, user);
        return restrictions;
    }

    /// <summary>A token deeper than this many hops is refused: no real delegation is that long, and parsing stays bounded.</summary>
    public const int MaxActorDepth = 8;

    private readonly record struct DelegationClaims(IReadOnlyList<string> Actors, string? UserIssuer, string? Error);

    /// <summary>
    /// Reads the <c>act</c> chain and the user's <c>sub_id</c>; a malformed one makes the token invalid, and so does an
    /// <c>act</c> chain without <c>sub_id</c> (the person could not be revoked).
    /// </summary>
    private static DelegationClaims ReadDelegation(JsonElement payload)
    {
        string? userIssuer = null;
        if (payload.TryGetProperty("sub_id", out var subId))
        {
            if (subId.ValueKind != JsonValueKind.Object || GetString(subId, "format") != "iss_sub" ||
                GetString(subId, "iss") is not { Length: > 0 } iss || GetString(subId, "sub") != GetString(payload, "sub"))
            {
                return new DelegationClaims([], null, "token has a malformed sub_id claim");
            }
            userIssuer = iss;
        }

        if (!payload.TryGetProperty("act", out var act)) return new DelegationClaims([], userIssuer, null);
        if (userIssuer is null) return new DelegationClaims([], null, "token has an act claim without sub_id");

        var actors = new List<string>(2);
        while (true)
        {
            if (act.ValueKind != JsonValueKind.Object || GetString(act, "sub") is not { Length: > 0 } actor)
            {
                return new DelegationClaims([], null, "token has a malformed act claim");
            }
            actors.Add(actor);
            if (actors.Count > MaxActorDepth) return new DelegationClaims([], null, "token's delegation chain is too deep");
            if (!act.TryGetProperty("act", out var inner)) break;
            act = inner;
        }
        return new DelegationClaims(actors, userIssuer, null);
    }

    private static string? GetString(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
