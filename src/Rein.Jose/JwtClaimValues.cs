namespace Rein.Jose;

/// <summary>The registered claims read so far while validating; carried into <see cref="JwtClaimCheck"/>.</summary>
internal struct JwtClaimValues
{
    public DateTimeOffset? IssuedAt;
    public DateTimeOffset? NotBefore;
    public DateTimeOffset? Expires;
    public string? JwtId;
    public string? Issuer;
    public string? Subject;
}
