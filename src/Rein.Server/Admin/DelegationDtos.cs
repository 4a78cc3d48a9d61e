using System.Text.Json;
using System.Text.Json.Serialization;
using Rein.Core.Delegation;

namespace Rein.Server.Admin;

/// <summary>A person as an issuer names them (RFC 9493 <c>iss_sub</c>).</summary>
public sealed record UserDto(string Issuer, string Subject);

/// <summary>A delegation grant on the admin API.</summary>
public sealed record GrantDto(
    string Id,
    UserDto User,
    string Agent,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Tools,
    DateTimeOffset? From,
    DateTimeOffset Until,
    string Approval,
    IReadOnlyList<string> Approvers,
    string Source,
    string Status,
    [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt,
    [property: JsonPropertyName("created_by")] string? CreatedBy,
    [property: JsonPropertyName("revoked_at")] DateTimeOffset? RevokedAt,
    [property: JsonPropertyName("revoked_by")] string? RevokedBy)
{
    public static GrantDto Of(DelegationGrant grant, GrantStatus status) => new(
        grant.Id, new UserDto(grant.UserIssuer, grant.UserSubject), grant.Agent,
        grant.Tools.OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal),
        grant.From, grant.Until, grant.ApprovalRequired ? "required" : "none", grant.EffectiveApprovers,
        grant.Source == GrantSource.Config ? "config" : "api", Name(status),
        grant.CreatedAt, grant.CreatedBy, grant.RevokedAt, grant.RevokedBy);

    private static string Name(GrantStatus status) => status switch
    {
        GrantStatus.Active => "active",
        GrantStatus.NotYetValid => "not_yet_valid",
        GrantStatus.Expired => "expired",
        _ => "revoked",
    };
}

/// <summary>
/// Body of <c>POST /admin/v1/grants</c>, in rein.yaml's vocabulary: <c>from</c> and <c>until</c> are RFC 3339
/// timestamps with an offset; <c>approval</c> is <c>required</c> or <c>none</c>; <c>id</c> is generated when absent.
/// </summary>
public sealed record CreateGrantRequest(
    string? Id,
    UserDto? User,
    string? Agent,
    Dictionary<string, List<string>>? Tools,
    string? From,
    string? Until,
    string? Approval,
    List<string>? Approvers);

/// <summary>Body of a grant revocation.</summary>
public sealed record RevokeGrantRequest(string? Reason);

/// <summary>An approval request on the admin API.</summary>
public sealed record ApprovalDto(
    string Id,
    string Agent,
    UserDto User,
    [property: JsonPropertyName("grant_id")] string GrantId,
    string Tool,
    string Action,
    [property: JsonPropertyName("authorization_details")] JsonElement? AuthorizationDetails,
    IReadOnlyList<string> Approvers,
    string Status,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt,
    [property: JsonPropertyName("decided_at")] DateTimeOffset? DecidedAt,
    [property: JsonPropertyName("decided_by")] string? DecidedBy,
    string? Approver,
    string? Reason,
    [property: JsonPropertyName("redeemed_at")] DateTimeOffset? RedeemedAt,
    [property: JsonPropertyName("token_id")] string? TokenId)
{
    public static ApprovalDto From(ApprovalRecord record)
    {
        JsonElement? details = null;
        if (record.AuthorizationDetails is not null)
        {
            using var document = JsonDocument.Parse(record.AuthorizationDetails);
            details = document.RootElement.Clone();
        }
        return new ApprovalDto(record.Id, record.Agent, new UserDto(record.UserIssuer, record.UserSubject), record.GrantId, record.Tool,
            record.Action, details, record.Approvers, record.Status.ToString().ToLowerInvariant(), record.CreatedAt, record.ExpiresAt,
            record.DecidedAt, record.DecidedBy, record.Approver, record.Reason, record.RedeemedAt, record.TokenId);
    }
}

/// <summary>
/// Body of an approve or deny call: <c>approver</c> is the name the decision is made in (one of the request's
/// approvers; default: the calling admin client's id), <c>reason</c> goes into the audit trail.
/// </summary>
public sealed record ApprovalDecisionRequest(string? Approver, string? Reason);
