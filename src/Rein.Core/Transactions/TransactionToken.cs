using System.Text.Json;

namespace Rein.Core.Transactions;

/// <summary>
/// A validated transaction token: who the transaction is for, what it may do, who asked for it, and the context Rein
/// asserted. Never holds the token text.
/// </summary>
public sealed class TransactionToken
{
    /// <summary><c>txn</c>: the unique transaction identifier (at the gateway, the W3C trace id and span id it sent upstream).</summary>
    public required string TransactionId { get; init; }

    /// <summary><c>sub</c>: the principal of the transaction — the user for delegated access, otherwise the agent.</summary>
    public required string Subject { get; init; }

    /// <summary><c>scope</c>: the purpose of the transaction, space-separated.</summary>
    public required string Scope { get; init; }

    /// <summary><c>req_wl</c>: the workload that requested the token.</summary>
    public required string RequestingWorkload { get; init; }

    /// <summary><c>aud</c>: the trust domain.</summary>
    public required string Audience { get; init; }

    /// <summary><c>iss</c>, when present.</summary>
    public string? Issuer { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary><c>tctx.tool</c>: the tool the transaction calls.</summary>
    public string? Tool { get; init; }

    /// <summary><c>tctx.action</c>: the action the transaction performs.</summary>
    public string? Action { get; init; }

    /// <summary><c>tctx.agent</c>: the agent making the call.</summary>
    public string? Agent { get; init; }

    /// <summary><c>tctx.user.sub</c>: the user the agent acts for, when delegated.</summary>
    public string? UserSubject { get; init; }

    /// <summary><c>tctx.user.iss</c>: the issuer of that user.</summary>
    public string? UserIssuer { get; init; }

    /// <summary>The <c>sub</c> of each actor in <c>tctx.act</c>, the current actor first (RFC 8693 §4.1); empty when not delegated.</summary>
    public IReadOnlyList<string> Actors { get; init; } = [];

    /// <summary><c>tctx.grant_id</c>: the delegation grant behind the call.</summary>
    public string? GrantId { get; init; }

    /// <summary><c>tctx.approval_id</c>: the human approval behind the call.</summary>
    public string? ApprovalId { get; init; }

    /// <summary><c>rctx.req_ip</c>: the address the request that started the transaction came from.</summary>
    public string? ClientAddress { get; init; }

    /// <summary><c>rctx.authn</c>: how the requester authenticated (<c>dpop</c>, <c>bearer</c>, <c>private_key_jwt</c>, …).</summary>
    public string? AuthenticationMethod { get; init; }

    /// <summary>The whole <c>tctx</c> object (for members Rein does not define); <see cref="JsonValueKind.Undefined"/> when absent.</summary>
    public JsonElement TransactionContext { get; init; }

    /// <summary>The whole <c>rctx</c> object; <see cref="JsonValueKind.Undefined"/> when absent.</summary>
    public JsonElement RequestContext { get; init; }

    /// <summary>Scope values, split once.</summary>
    public IReadOnlyList<string> Scopes => _scopes ??= Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private string[]? _scopes;
}
