namespace Rein.Broker.Delegation;

/// <summary>
/// A validated token exchange <c>subject_token</c>: the person it stands for, and what it brings to the new token.
/// Built only after every check passed; never holds the token text.
/// </summary>
internal sealed record SubjectToken
{
    public required string UserIssuer { get; init; }
    public required string UserSubject { get; init; }

    /// <summary>The actors of a delegated Rein token, newest first; empty for the person's own token (the root).</summary>
    public IReadOnlyList<string> Actors { get; init; } = [];

    /// <summary>The agent session of the chain's root, for a delegated Rein token.</summary>
    public string? SessionId { get; init; }

    /// <summary>The actions the new token may not exceed; null when the subject token sets no such limit.</summary>
    public IReadOnlySet<string>? ScopeLimit { get; init; }

    /// <summary>Unix seconds: the new token may not outlive the subject token.</summary>
    public required long ExpiresAt { get; init; }

    public MayAct? MayAct { get; init; }

    /// <summary>
    /// The person's groups: from the claim their issuer's trust entry names (<c>groups_claim</c>), or a delegated Rein
    /// token's <c>groups</c>, unchanged. Empty when there are none.
    /// </summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>Whether the subject token is one Rein issued (a further hop of a chain).</summary>
    public bool IsReinToken { get; init; }
}
