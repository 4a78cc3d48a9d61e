using System.Text.Json;

namespace Rein.Jose;

/// <summary>Checks the registered claims of a verified JWT payload (RFC 7519 §4.1, RFC 8725 §3.8–3.9).</summary>
public static class JwtClaimValidator
{
    /// <summary>
    /// Validates <c>exp</c>, <c>nbf</c>, <c>iat</c>, <c>iss</c>, <c>aud</c>, <c>jti</c> and <c>sub</c> against
    /// <paramref name="rules"/> at <paramref name="now"/>. Time claims must be JSON numbers; a string is an error.
    /// A registered claim with the wrong JSON type is an error even when no rule asks for it.
    /// </summary>
    /// <param name="payload">The verified payload, a JSON object.</param>
    /// <param name="rules">What to require.</param>
    /// <param name="now">The current time, from a <see cref="TimeProvider"/>.</param>
    public static JwtClaimCheck Validate(JsonElement payload, JwtClaimRules rules, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentOutOfRangeException.ThrowIfLessThan(rules.ClockSkew, TimeSpan.Zero, nameof(rules));
        try
        {
            return ValidateCore(payload, rules, now);
        }
        catch (InvalidOperationException)
        {
            // A member name that is not valid Unicode, in a document parsed without JwsReader's checks.
            return JwtClaimCheck.Invalid("claims are not valid JSON text", default);
        }
    }

    private static JwtClaimCheck ValidateCore(JsonElement payload, JwtClaimRules rules, DateTimeOffset now)
    {
        var values = default(JwtClaimValues);
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return JwtClaimCheck.Invalid("claims are not a JSON object", values);
        }

        TimeSpan skew = rules.ClockSkew;

        // String claims first, so a failed time check still reports who the token claims to be.
        if (!JsonMembers.TryGetOptionalString(payload, "iss"u8, out values.Issuer))
        {
            return JwtClaimCheck.Invalid("iss is not a string", values);
        }

        if (!JsonMembers.TryGetOptionalString(payload, "sub"u8, out values.Subject))
        {
            return JwtClaimCheck.Invalid("sub is not a string", values);
        }

        if (!JsonMembers.TryGetOptionalString(payload, "jti"u8, out values.JwtId))
        {
            return JwtClaimCheck.Invalid("jti is not a string", values);
        }

        if (!TryReadTime(payload, "exp"u8, out values.Expires))
        {
            return JwtClaimCheck.Invalid("exp is not a NumericDate", values);
        }

        if (!TryReadTime(payload, "nbf"u8, out values.NotBefore))
        {
            return JwtClaimCheck.Invalid("nbf is not a NumericDate", values);
        }

        if (!TryReadTime(payload, "iat"u8, out values.IssuedAt))
        {
            return JwtClaimCheck.Invalid("iat is not a NumericDate", values);
        }

        if (values.Expires is null)
        {
            if (rules.RequireExpiration || rules.MaxLifetime is not null)
            {
                return JwtClaimCheck.Invalid("token has no expiration", values);
            }
        }
        else if (now >= values.Expires.Value + skew)
        {
            // Note: RFC 7519 §4.1.4 — the current time must be before exp (plus the allowed skew).
            return JwtClaimCheck.Invalid("token expired", values);
        }

        if (values.NotBefore is { } notBefore && now + skew < notBefore)
        {
            return JwtClaimCheck.Invalid("token not yet valid", values);
        }

        if (values.IssuedAt is null)
        {
            if (rules.RequireIssuedAt)
            {
                return JwtClaimCheck.Invalid("token has no issued-at time", values);
            }
        }
        else if (values.IssuedAt.Value > now + skew)
        {
            return JwtClaimCheck.Invalid("token issued in the future", values);
        }

        if (rules.MaxLifetime is { } maxLifetime && values.Expires is { } expires)
        {
            if (expires - now > maxLifetime + skew
                || (values.IssuedAt is { } issuedAt && expires - issuedAt > maxLifetime))
            {
                return JwtClaimCheck.Invalid("token lifetime exceeds the maximum", values);
            }
        }

        if (rules.Issuer is not null && !string.Equals(values.Issuer, rules.Issuer, StringComparison.Ordinal))
        {
            return JwtClaimCheck.Invalid("invalid issuer", values);
        }

        if (rules.Audiences is not null)
        {
            string? audienceError = CheckAudience(payload, rules.Audiences);
            if (audienceError is not null)
            {
                return JwtClaimCheck.Invalid(audienceError, values);
            }
        }

        if (rules.RequireJwtId && string.IsNullOrEmpty(values.JwtId))
        {
            return JwtClaimCheck.Invalid("token has no jti", values);
        }

        return JwtClaimCheck.Valid(values);
    }

    private static bool TryReadTime(JsonElement payload, ReadOnlySpan<byte> utf8Name, out DateTimeOffset? value)
    {
        value = null;
        if (!payload.TryGetProperty(utf8Name, out JsonElement element))
        {
            return true;
        }

        if (!NumericDate.TryRead(element, out DateTimeOffset time))
        {
            return false;
        }

        value = time;
        return true;
    }

    private static string? CheckAudience(JsonElement payload, IReadOnlyList<string> audiences)
    {
        if (!payload.TryGetProperty("aud"u8, out JsonElement aud))
        {
            return "token has no audience";
        }

        if (aud.ValueKind == JsonValueKind.String)
        {
            return IsAccepted(aud, audiences) ? null : "invalid audience";
        }

        if (aud.ValueKind != JsonValueKind.Array)
        {
            return "aud is not a string or an array of strings";
        }

        bool matched = false;
        foreach (JsonElement item in aud.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return "aud is not a string or an array of strings";
            }

            matched |= IsAccepted(item, audiences);
        }

        return matched ? null : "invalid audience";
    }

    private static bool IsAccepted(JsonElement audience, IReadOnlyList<string> audiences)
    {
        for (int i = 0; i < audiences.Count; i++)
        {
            if (JsonMembers.StringEquals(audience, audiences[i]))
            {
                return true;
            }
        }

        return false;
    }
}
