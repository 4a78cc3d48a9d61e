using System.Text.Json.Serialization;
using Rein.Core.Configuration;
using Rein.Core.Registry;

namespace Rein.Server.Admin;

/// <summary>An agent on the admin API.</summary>
public sealed record AgentDto(
    string Id,
    string? Owner,
    string? Purpose,
    string? Environment,
    [property: JsonPropertyName("review_by")] DateOnly? ReviewBy,
    [property: JsonPropertyName("require_dpop")] bool RequireDpop,
    string Status,
    [property: JsonPropertyName("status_reason")] string? StatusReason,
    [property: JsonPropertyName("status_changed_at")] DateTimeOffset? StatusChangedAt,
    [property: JsonPropertyName("past_review")] bool PastReview,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Tools)
{
    public static AgentDto From(AgentView view) => new(
        view.Declaration.Id, view.Declaration.Owner, view.Declaration.Purpose, view.Declaration.Environment,
        view.Declaration.ReviewBy, view.Declaration.RequireDpop, view.Status.ToString().ToLowerInvariant(),
        view.StatusReason, view.StatusChangedAt, view.PastReview, view.Declaration.Tools);
}

/// <summary>A tool on the admin API.</summary>
public sealed record ToolDto(
    string Id,
    string Audience,
    string? Upstream,
    string Risk,
    [property: JsonPropertyName("signing_alg")] string SigningAlgorithm,
    [property: JsonPropertyName("allow_bearer")] bool AllowBearer,
    IReadOnlyList<ActionDto> Actions)
{
    public static ToolDto From(ToolConfig tool) => new(
        tool.Id, tool.Audience, tool.Upstream, tool.Risk.ToString().ToLowerInvariant(), tool.SigningAlgorithm, tool.AllowBearer,
        tool.Actions.Select(a => new ActionDto(a.Name, $"{a.Method} {a.PathTemplate}", a.Risk?.ToString().ToLowerInvariant())).ToList());
}

/// <summary>An action of a tool.</summary>
public sealed record ActionDto(string Name, string Match, string? Risk);

/// <summary>Body of suspend/enable calls.</summary>
public sealed record StatusChangeRequest(string? Reason);

/// <summary>Body of a key rotation.</summary>
public sealed record RotateKeyRequest(string? Algorithm, bool Immediate);

/// <summary>What a rotation did.</summary>
public sealed record RotateKeyResponse(
    [property: JsonPropertyName("kid")] string KeyId,
    [property: JsonPropertyName("alg")] string Algorithm,
    [property: JsonPropertyName("activates_at")] DateTimeOffset ActivatesAt,
    [property: JsonPropertyName("retired")] IReadOnlyList<string> Retired);

/// <summary>Body of a revocation: <c>agent:ID</c>, <c>user:ISS|SUB</c>, <c>sid:ID</c>, <c>jti:ID</c> or <c>client:ID</c>.</summary>
public sealed record RevocationRequest(string Subject, string? Reason);

/// <summary>What a revocation did: tokens of the subject issued at or before <c>revoked_before</c> are dead.</summary>
public sealed record RevocationResponse(string Subject, [property: JsonPropertyName("revoked_before")] DateTimeOffset RevokedBefore);

/// <summary>One Cedar policy in force.</summary>
public sealed record PolicyDto(string Id, string Effect, string Text);

/// <summary>The policy set in force and how the last load went; a failed reload keeps the previous set.</summary>
public sealed record PolicySetDto(
    bool Enabled,
    [property: JsonPropertyName("last_load_succeeded")] bool LastLoadSucceeded,
    [property: JsonPropertyName("loaded_at")] DateTimeOffset LoadedAt,
    IReadOnlyList<string> Errors,
    IReadOnlyList<PolicyDto> Policies);
