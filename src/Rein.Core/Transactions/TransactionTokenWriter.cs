using System.Text.Json;
using Rein.Core.Tokens;
using Rein.Jose;

namespace Rein.Core.Transactions;

/// <summary>
/// Writes and signs one transaction token (<c>typ txntoken+jwt</c>) straight to UTF-8 with <see cref="JwtWriter"/>:
/// no JSON document, no LINQ, one signature. The gateway calls it once per forwarded request.
/// </summary>
public static class TransactionTokenWriter
{
    /// <summary>Signs a transaction token for <paramref name="request"/> valid from <paramref name="issuedAt"/> to <paramref name="expiresAt"/> (Unix seconds).</summary>
    public static string Write(SigningKey key, string issuer, string trustDomain, long issuedAt, long expiresAt, TransactionTokenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = (request, issuer, trustDomain, issuedAt, expiresAt);
        return JwtWriter.Write(key, TokenTypes.TransactionToken, state, static (w, s) =>
        {
            var r = s.request;
            w.WriteString("iss"u8, s.issuer);
            w.WriteString("aud"u8, s.trustDomain);
            w.WriteNumber("iat"u8, s.issuedAt);
            w.WriteNumber("exp"u8, s.expiresAt);
            w.WriteString("txn"u8, r.TransactionId);
            w.WriteString("sub"u8, r.Subject);
            w.WriteString("scope"u8, r.Scope);
            w.WriteString("req_wl"u8, r.RequestingWorkload);
            WriteTransactionContext(w, r);
            WriteRequestContext(w, r);
        });
    }

    private static void WriteTransactionContext(Utf8JsonWriter w, TransactionTokenRequest r)
    {
        w.WriteStartObject("tctx"u8);
        w.WriteString("tool"u8, r.Tool);
        if (r.Action is not null) w.WriteString("action"u8, r.Action);
        w.WriteString("agent"u8, r.Agent);
        if (r.ForUser)
        {
            w.WriteStartObject("user"u8);
            if (r.UserIssuer is not null) w.WriteString("iss"u8, r.UserIssuer);
            w.WriteString("sub"u8, r.Subject);
            w.WriteEndObject();
        }
        if (r.ActorJson is not null)
        {
            // Note: the act claim of a verified access token, copied as it was: the chain reaches upstream exactly as it
            // was delegated (RFC 8693 §4.1). The writer still checks it is one JSON value, since callers build requests.
            w.WritePropertyName("act"u8);
            w.WriteRawValue(r.ActorJson);
        }
        if (r.GrantId is not null) w.WriteString("grant_id"u8, r.GrantId);
        if (r.ApprovalId is not null) w.WriteString("approval_id"u8, r.ApprovalId);
        w.WriteEndObject();
    }

    private static void WriteRequestContext(Utf8JsonWriter w, TransactionTokenRequest r)
    {
        w.WriteStartObject("rctx"u8);
        if (r.ClientAddress is not null) w.WriteString("req_ip"u8, r.ClientAddress);
        if (r.AuthenticationMethod is not null) w.WriteString("authn"u8, r.AuthenticationMethod);
        w.WriteEndObject();
    }
}
