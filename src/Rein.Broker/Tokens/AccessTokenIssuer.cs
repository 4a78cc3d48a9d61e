using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Rein.Core.Hosting;
using Rein.Core.Keys;
using Rein.Core.Revocation;
using Rein.Core.Tokens;
using Rein.Jose;

namespace Rein.Broker.Tokens;

/// <summary>Mints RFC 9068 access tokens (<c>typ at+jwt</c>) with the key ring.</summary>
internal sealed class AccessTokenIssuer(KeyRing keys, IssuerIdentity issuer, RevocationIndex revocations, TimeProvider time)
{
    public sealed record Issued(string Token, string JwtId, long IssuedAt, long ExpiresAt);

    public Issued Issue(AccessTokenRequest request)
    {
        var key = keys.GetSigningKey(request.SigningAlgorithm)
            ?? throw new InvalidOperationException($"No active {request.SigningAlgorithm} signing key.");

        var iat = IssuedAtAfterRevocations(request, time.GetUtcNow().ToUnixTimeSeconds());
        var exp = iat + (long)request.Lifetime.TotalSeconds;
        if (request.Delegation is { } delegation && exp > delegation.NotAfter) exp = Math.Max(iat, delegation.NotAfter);
        var jti = NewJwtId();
        var state = (request, issuer.Issuer, iat, exp, jti);
        var token = JwtWriter.Write(key, TokenTypes.AccessToken, state, static (w, s) =>
        {
            w.WriteString("iss"u8, s.Issuer);
            w.WriteString("sub"u8, s.request.Subject);
            w.WriteString("aud"u8, s.request.Audience);
            w.WriteString("client_id"u8, s.request.ClientId);
            w.WriteString("scope"u8, s.request.Scope);
            w.WriteString("jti"u8, s.jti);
            w.WriteNumber("iat"u8, s.iat);
            w.WriteNumber("exp"u8, s.exp);
            w.WriteString("sid"u8, s.request.SessionId);
            if (s.request.ConfirmationThumbprint is { } jkt)
            {
                w.WriteStartObject("cnf"u8);
                w.WriteString("jkt"u8, jkt);
                w.WriteEndObject();
            }
            if (s.request.Delegation is { } d) WriteDelegation(w, s.request.Subject, d);
        });
        return new Issued(token, jti, iat, exp);
    }

    private static void WriteDelegation(System.Text.Json.Utf8JsonWriter w, string subject, DelegatedClaims d)
    {
        w.WriteStartObject("sub_id"u8);
        w.WriteString("format"u8, "iss_sub"u8);
        w.WriteString("iss"u8, d.UserIssuer);
        w.WriteString("sub"u8, subject);
        w.WriteEndObject();
        // RFC 8693 §4.1: the current actor is the outermost act; each earlier actor is nested inside the later one.
        foreach (var actor in d.Actors)
        {
            w.WriteStartObject("act"u8);
            w.WriteString("sub"u8, actor);
        }
        for (var i = 0; i < d.Actors.Count; i++) w.WriteEndObject();
        w.WriteString("grant_id"u8, d.GrantId);
        if (d.Groups is { Count: > 0 } groups)
        {
            // RFC 9068 §2.2.3.1: the person's group memberships, as their issuer names them.
            w.WriteStartArray("groups"u8);
            for (var i = 0; i < groups.Count; i++) w.WriteStringValue(groups[i]);
            w.WriteEndArray();
        }
        if (d.ApprovalId is not null) w.WriteString("approval_id"u8, d.ApprovalId);
        if (d.AuthorizationDetailsJson is not null)
        {
            w.WritePropertyName("authorization_details"u8);
            w.WriteRawValue(d.AuthorizationDetailsJson, skipInputValidation: false);
        }
    }

    /// <summary>
    /// <c>iat</c> has one-second granularity while revocations are instants: a token minted in the same second as
    /// an agent's re-enable would look revoked. Such a token gets the next second as its <c>iat</c> instead.
    /// </summary>
    private long IssuedAtAfterRevocations(AccessTokenRequest request, long now)
    {
        var iat = now;
        if (revocations.Count == 0) return iat;
        Bump(SubjectKind.Client, request.ClientId);
        Bump(SubjectKind.Session, request.SessionId);
        if (request.Delegation is { } delegation)
        {
            Bump(SubjectKind.User, Core.Delegation.DelegatedUser.Key(delegation.UserIssuer, request.Subject));
            Bump(SubjectKind.Agent, request.ClientId);
            Bump(SubjectKind.Grant, delegation.GrantId);
            foreach (var actor in delegation.Actors) Bump(SubjectKind.Agent, actor);
        }
        else
        {
            Bump(SubjectKind.Agent, request.Subject);
        }
        return iat;

        void Bump(SubjectKind kind, string id)
        {
            if (revocations.TryGet(new SubjectKey(kind, id), out var entry) && !entry.Suspended && entry.RevokedBefore >= iat * 1000)
            {
                iat = entry.RevokedBefore / 1000 + 1;
            }
        }
    }

    private static string NewJwtId() => JwtIds.New();

    // Note: an agent instance asks for many tokens with one key, so its session id is remembered rather than hashed
    // again per token. Bounded: when full it starts over (a miss only costs the hash).
    private const int SessionIdCacheLimit = 4096;
    private static readonly ConcurrentDictionary<(string ClientId, string Thumbprint), string> SessionIds = new();

    /// <summary>
    /// The agent session id: an agent instance holding one DPoP key is one session, so revoking the session kills
    /// exactly the tokens that instance obtained. Unbound tokens each start their own session.
    /// </summary>
    public static string SessionIdFor(string clientId, string? thumbprint)
    {
        if (thumbprint is null) return NewJwtId();
        if (SessionIds.TryGetValue((clientId, thumbprint), out var known)) return known;
        var sessionId = HashSessionId(clientId, thumbprint);
        if (SessionIds.Count >= SessionIdCacheLimit) SessionIds.Clear();
        SessionIds.TryAdd((clientId, thumbprint), sessionId);
        return sessionId;
    }

    private static string HashSessionId(string clientId, string thumbprint)
    {
        // Note: the UTF-8 of "rein-sid\n" + clientId + "\n" + thumbprint, written without building that string.
        const int StackLimit = 512;
        int max = "rein-sid\n"u8.Length + 1 + Encoding.UTF8.GetMaxByteCount(clientId.Length + thumbprint.Length);
        byte[]? rented = max <= StackLimit ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(max);
        Span<byte> input = rented ?? stackalloc byte[StackLimit];
        "rein-sid\n"u8.CopyTo(input);
        int length = "rein-sid\n"u8.Length;
        length += Encoding.UTF8.GetBytes(clientId, input[length..]);
        input[length++] = (byte)'\n';
        length += Encoding.UTF8.GetBytes(thumbprint, input[length..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input[..length], hash);
        if (rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        return Base64Url.EncodeToString(hash[..16]);
    }
}
