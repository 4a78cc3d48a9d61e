namespace Rein.Core.Audit;

/// <summary>
/// One audited fact: an issuance, a gateway decision, an admin change, a signal. Holds identifiers and token
/// <c>jti</c>s — never token text, proofs or secrets.
/// </summary>
public sealed record AuditEvent
{
    public required string Kind { get; init; }
    public required DateTimeOffset Time { get; init; }
    public string? Agent { get; init; }
    public string? User { get; init; }
    public string? Tool { get; init; }
    public string? Action { get; init; }
    public string? Decision { get; init; }
    public string? Reason { get; init; }
    public int? UpstreamStatus { get; init; }
    public double? LatencyMs { get; init; }
    public string? TraceId { get; init; }
    public string? TokenId { get; init; }
    public string? SessionId { get; init; }
    public string? Actor { get; init; }

    /// <summary>The delegation grant a token, approval or change concerns.</summary>
    public string? Grant { get; init; }

    /// <summary>The approval request a record concerns.</summary>
    public string? Approval { get; init; }
}
