using Rein.Core.Tokens;

namespace Rein.Core.Transactions;

/// <summary>
/// What one transaction token asserts, apart from its times and signature: who the transaction is for (<c>sub</c>),
/// its purpose (<c>scope</c>), who asked for the token (<c>req_wl</c>), the immutable context (<c>tctx</c>) and the
/// request context (<c>rctx</c>). Built only from what Rein verified itself: a validated access token and the request
/// it came with.
/// </summary>
public sealed class TransactionTokenRequest
{
    /// <summary>The unique transaction identifier (<c>txn</c>).</summary>
    public required string TransactionId { get; init; }

    /// <summary>The principal of the transaction (<c>sub</c>): the user for a delegated token, otherwise the agent.</summary>
    public required string Subject { get; init; }

    /// <summary>The purpose of the transaction (<c>scope</c>): never more than the subject token's scope.</summary>
    public required string Scope { get; init; }

    /// <summary>The workload that requested the token (<c>req_wl</c>): the gateway's URL, or the client id at the token endpoint.</summary>
    public required string RequestingWorkload { get; init; }

    /// <summary><c>tctx.tool</c>: the tool the transaction calls.</summary>
    public required string Tool { get; init; }

    /// <summary><c>tctx.action</c>: the one action the transaction performs, when there is one.</summary>
    public string? Action { get; init; }

    /// <summary><c>tctx.agent</c>: the agent making the call (the access token's <c>client_id</c>).</summary>
    public required string Agent { get; init; }

    /// <summary>Whether the transaction is on behalf of a user: <c>tctx.user</c> is then written.</summary>
    public bool ForUser { get; init; }

    /// <summary><c>tctx.user.iss</c>: the issuer of the user the agent acts for, when known.</summary>
    public string? UserIssuer { get; init; }

    /// <summary><c>tctx.act</c>: the RFC 8693 <c>act</c> chain of the access token, as the verified JSON it was.</summary>
    public string? ActorJson { get; init; }

    /// <summary><c>tctx.grant_id</c>: the delegation grant behind the access token.</summary>
    public string? GrantId { get; init; }

    /// <summary><c>tctx.approval_id</c>: the human approval behind the access token.</summary>
    public string? ApprovalId { get; init; }

    /// <summary><c>rctx.req_ip</c>: the address the request that started the transaction came from.</summary>
    public string? ClientAddress { get; init; }

    /// <summary><c>rctx.authn</c>: how the requester of the transaction authenticated.</summary>
    public string? AuthenticationMethod { get; init; }

    /// <summary>
    /// A request for a transaction on behalf of <paramref name="token"/>'s subject: <c>sub</c> and the delegation in
    /// <c>tctx</c> come from the token, the rest from the caller.
    /// </summary>
    public static TransactionTokenRequest For(
        AccessToken token,
        string transactionId,
        string tool,
        string? action,
        string scope,
        string requestingWorkload,
        string? clientAddress,
        string? authenticationMethod)
    {
        ArgumentNullException.ThrowIfNull(token);
        return new TransactionTokenRequest
        {
            TransactionId = transactionId,
            Subject = token.Subject,
            Scope = scope,
            RequestingWorkload = requestingWorkload,
            Tool = tool,
            Action = action,
            Agent = token.ClientId,
            // Note: an impersonation token (RFC 8693 without act) still names its user through sub_id.
            ForUser = token.IsDelegated || token.UserIssuer is not null,
            UserIssuer = token.UserIssuer,
            ActorJson = token.ActorJson,
            GrantId = token.GrantId,
            ApprovalId = token.ApprovalId,
            ClientAddress = clientAddress,
            AuthenticationMethod = authenticationMethod,
        };
    }
}
