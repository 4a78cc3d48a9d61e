namespace Rein.Broker.Tokens;

/// <summary>
/// The claims that make an access token act for a person: <c>sub_id</c> (RFC 9493 <c>iss_sub</c>), the <c>act</c>
/// chain (RFC 8693 §4.1, newest actor outermost; empty for impersonation), <c>grant_id</c>, and for an elevation
/// token <c>approval_id</c> and RFC 9396 <c>authorization_details</c>. <see cref="NotAfter"/> (Unix seconds) caps
/// <c>exp</c>: the token never outlives the token or grant it was derived from. <see cref="Groups"/> are the person's
/// (RFC 9068 §2.2.3.1 <c>groups</c>), written only when there are any.
/// </summary>
internal sealed record DelegatedClaims(
    string UserIssuer,
    IReadOnlyList<string> Actors,
    string GrantId,
    long NotAfter,
    string? ApprovalId = null,
    string? AuthorizationDetailsJson = null,
    IReadOnlyList<string>? Groups = null);
