namespace Rein.Jose;

/// <summary>The outcome of <see cref="JwtClaimValidator.Validate"/>: invalid unless every rule held.</summary>
public sealed class JwtClaimCheck
{
    private JwtClaimCheck(bool isValid, string? error, in JwtClaimValues values)
    {
        IsValid = isValid;
        Error = error;
        IssuedAt = values.IssuedAt;
        NotBefore = values.NotBefore;
        Expires = values.Expires;
        JwtId = values.JwtId;
        Issuer = values.Issuer;
        Subject = values.Subject;
    }

    /// <summary>True only when every rule held.</summary>
    public bool IsValid { get; }

    /// <summary>A fixed description such as "token expired"; never contains claim values. Null when valid.</summary>
    public string? Error { get; }

    /// <summary>The <c>iat</c> claim, if read.</summary>
    public DateTimeOffset? IssuedAt { get; }

    /// <summary>The <c>nbf</c> claim, if read.</summary>
    public DateTimeOffset? NotBefore { get; }

    /// <summary>The <c>exp</c> claim, if read.</summary>
    public DateTimeOffset? Expires { get; }

    /// <summary>The <c>jti</c> claim, if read.</summary>
    public string? JwtId { get; }

    /// <summary>The <c>iss</c> claim, if read.</summary>
    public string? Issuer { get; }

    /// <summary>The <c>sub</c> claim, if read.</summary>
    public string? Subject { get; }

    internal static JwtClaimCheck Valid(in JwtClaimValues values) => new(true, null, values);

    internal static JwtClaimCheck Invalid(string error, in JwtClaimValues values) => new(false, error, values);
}
