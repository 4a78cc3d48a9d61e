using Microsoft.AspNetCore.Http;
using Rein.Broker.ClientAuthentication;
using Rein.Broker.Delegation;
using Rein.Broker.Http;
using Rein.Broker.Tokens;
using Rein.Core.Configuration;
using Rein.Core.Delegation;
using Rein.Core.Policies;
using Rein.Core.Registry;
using Rein.Core.Tokens;

namespace Rein.Broker.Endpoints;

internal sealed partial class TokenEndpoint
{
    private static readonly string[] SubjectTokenTypes = [TokenTypeUris.AccessToken, TokenTypeUris.Jwt, TokenTypeUris.IdToken];

    /// <summary>
    /// Token exchange (RFC 8693) for delegation: an agent presents a person's token (from the organisation's IdP, or a
    /// delegated token from the previous hop) and gets an access token for one tool that says who the person is
    /// (<c>sub</c>, <c>sub_id</c>) and which agents act for them (<c>act</c>, newest outermost). It carries only what
    /// the person delegated to this agent (a grant), what the agent is bound to, and what the subject token allows;
    /// an action that needs a human approval waits for one. Errors follow RFC 8693 §2.2.2: a subject or actor token
    /// that is invalid or unacceptable is <c>invalid_request</c>; a missing, expired or revoked grant is
    /// <c>invalid_grant</c>.
    /// </summary>
    private async Task<IResult> HandleTokenExchangeAsync(HttpContext context, OAuthForm form, ClientAuthResult auth, string? thumbprint)
    {
        var client = auth.Client!;
        if (client.Kind == ClientKind.Admin)
        {
            return OAuthResults.Error(OAuthError.UnauthorizedClient, "an admin client cannot act for a person");
        }
        if (thumbprint is null && client.RequireDpop)
        {
            return OAuthResults.Error(OAuthError.InvalidRequest, "this client must present a DPoP proof (RFC 9449)");
        }
        var agent = client.Agent!;
        if (AgentRefusal(agent) is { } refusal) return refusal;

        // ---- the request's shape, before any cryptography ----
        var subjectTokenText = form["subject_token"];
        var subjectTokenType = form["subject_token_type"];
        var actorTokenText = form["actor_token"];
        var actorTokenType = form["actor_token_type"];
        if (subjectTokenText is null) return OAuthResults.Error(OAuthError.InvalidRequest, "subject_token is required");
        if (subjectTokenType is null) return OAuthResults.Error(OAuthError.InvalidRequest, "subject_token_type is required");
        if (!SubjectTokenTypes.Contains(subjectTokenType, StringComparer.Ordinal))
        {
            return OAuthResults.Error(OAuthError.InvalidRequest, "subject_token_type must be access_token, jwt or id_token");
        }
        if ((actorTokenText is null) != (actorTokenType is null))
        {
            return OAuthResults.Error(OAuthError.InvalidRequest, "actor_token and actor_token_type must be sent together");
        }
        if (form["requested_token_type"] is { } requestedType && requestedType is not (TokenTypeUris.AccessToken or TokenTypeUris.Jwt))
        {
            return OAuthResults.Error(OAuthError.InvalidRequest, "requested_token_type must be access_token: delegation issues access tokens");
        }

        var (tool, targetError) = ResolveTarget(form.GetAll("resource"), form.GetAll("audience"));
        if (tool is null) return targetError!;
        var requestedScope = form["scope"];
        if (requestedScope is null) return OAuthResults.Error(OAuthError.InvalidScope, "scope is required: name the actions this token is for");
        var requested = requestedScope.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // ---- the person, and who acts for them ----
        var cancellationToken = context.RequestAborted;
        var (subject, subjectError) = await subjectTokens.ValidateAsync(subjectTokenText, subjectTokenType, cancellationToken).ConfigureAwait(false);
        if (subject is null) return OAuthResults.Error(OAuthError.InvalidRequest, subjectError!);
        if (actorTokenText is not null)
        {
            var actorError = await actorTokens.CheckAsync(actorTokenText, actorTokenType!, client, context.Request.Path, cancellationToken).ConfigureAwait(false);
            if (actorError is not null) return OAuthResults.Error(OAuthError.InvalidRequest, actorError);
        }
        if (subject.MayAct is { } mayAct && !mayAct.Allows(agent, identity.Issuer))
        {
            return OAuthResults.Error(OAuthError.InvalidRequest, "the subject token's may_act does not name this agent");
        }

        // Note: impersonation only where the agent's config allows it for this tool, only when the agent asks by not
        // naming an actor, and only from the person's own token: exchanging a chain must not erase its actors.
        var impersonate = actorTokenText is null && !subject.IsReinToken && agent.Impersonate.Contains(tool.Id, StringComparer.Ordinal);
        IReadOnlyList<string> actors = impersonate ? []
            : subject.Actors.Count > 0 && subject.Actors[0] == agent.Id ? subject.Actors
            : [agent.Id, .. subject.Actors];
        if (actors.Count > AccessTokenValidator.MaxActorDepth)
        {
            return OAuthResults.Error(OAuthError.InvalidRequest, $"a delegation chain may have at most {AccessTokenValidator.MaxActorDepth} actors");
        }

        // ---- what the person delegated ----
        var now = time.GetUtcNow();
        var (grant, grantError) = GrantSelection.Select(grants.Find(subject.UserIssuer, subject.UserSubject, agent.Id), tool.Id, requested, now, revocations);
        if (grant is null) return OAuthResults.Error(OAuthError.InvalidGrant, grantError!);

        var bound = registry.Current.BoundActions(agent.Id, tool.Id);
        var delegated = grant.ActionsFor(tool.Id);
        var granted = new List<string>();
        foreach (var action in requested)
        {
            if (bound.Contains(action) && delegated.Contains(action) && (subject.ScopeLimit is null || subject.ScopeLimit.Contains(action)) &&
                !granted.Contains(action))
            {
                granted.Add(action);
            }
        }
        if (granted.Count == 0)
        {
            return OAuthResults.Error(OAuthError.InvalidScope,
                "none of the requested actions is delegated to this agent on this tool (grant, agent bindings and subject token scope)");
        }

        bool NeedsApproval(string action) => grant.ApprovalRequired || tool.RequiresApproval(DeclaredAction(tool, action));
        if (policies.Enabled)
        {
            // Note: an action that needs approval is evaluated as approved; if even that is forbidden, nobody is asked.
            var userKey = DelegatedUser.Key(subject.UserIssuer, subject.UserSubject);
            var policyContext = new PolicyContext { Stage = "issuance", Time = now, ClientIp = context.Connection.RemoteIpAddress, Delegated = true, User = userKey, UserGroups = subject.Groups }
                .WithSignals(PolicySignals.Of(revocations, agent.Id, userKey));
            granted.RemoveAll(action =>
            {
                var declared = DeclaredAction(tool, action);
                return !policies.Authorize(agent.Id, tool.Id, action, declared.Risk ?? tool.Risk, tool.Risk,
                    policyContext with { Approval = NeedsApproval(action) }).Allowed;
            });
            if (granted.Count == 0)
            {
                return OAuthResults.Error(OAuthError.AccessDenied, "policy does not allow this agent any of the requested actions for this person now");
            }
        }

        // ---- human approval ----
        ApprovalRecord? approval = null;
        string? authorizationDetails = null;
        if (granted.Any(NeedsApproval))
        {
            if (granted.Count > 1)
            {
                return OAuthResults.Error(OAuthError.InvalidScope, "an action that needs a human approval must be requested alone");
            }
            if (form["authorization_details"] is { } detailsText)
            {
                var (details, detailsError) = AuthorizationDetails.Parse(detailsText, granted[0], tool.Audience);
                if (details is null) return OAuthResults.Error(OAuthError.InvalidAuthorizationDetails, detailsError!);
                authorizationDetails = details;
            }
            var request = new ApprovalRequest(agent.Id, subject.UserIssuer, subject.UserSubject, grant.Id, tool.Id, granted[0],
                authorizationDetails, grant.EffectiveApprovers);
            var (approved, pendingOrError) = await AwaitApprovalAsync(request, form["approval_id"], thumbprint, cancellationToken).ConfigureAwait(false);
            if (approved is null) return pendingOrError!;
            approval = approved;
        }
        else if (form["authorization_details"] is not null)
        {
            return OAuthResults.Error(OAuthError.InvalidAuthorizationDetails,
                "authorization_details describe an action that needs a human approval; none of the requested actions does");
        }
        else if (form["approval_id"] is not null)
        {
            return OAuthResults.Error(OAuthError.InvalidRequest, "approval_id is only for an action that needs a human approval");
        }

        // ---- the token ----
        var nowSeconds = now.ToUnixTimeSeconds();
        var notAfter = Math.Min(subject.ExpiresAt, grant.Until.ToUnixTimeSeconds());
        var lifetime = Min(options.DefaultTokenLifetime, RiskCaps.MaxLifetime(HighestRisk(tool, granted)));
        if (approval is not null) lifetime = Min(lifetime, ApprovalLimits.ElevationTokenLifetime);
        lifetime = Min(lifetime, TimeSpan.FromSeconds(notAfter - nowSeconds));
        if (lifetime < TimeSpan.FromSeconds(1))
        {
            return OAuthResults.Error(OAuthError.InvalidRequest, "the subject token expires too soon to delegate");
        }

        var sessionId = subject.SessionId ?? AccessTokenIssuer.SessionIdFor(agent.Id, thumbprint);
        var scope = string.Join(' ', granted);
        var issued = issuer.Issue(new AccessTokenRequest(
            subject.UserSubject, agent.Id, tool.Audience, scope, tool.SigningAlgorithm, lifetime, thumbprint, sessionId,
            new DelegatedClaims(subject.UserIssuer, actors, grant.Id, notAfter, approval?.Id, authorizationDetails, subject.Groups)));
        if (approval is not null && !await approvals.RedeemAsync(approval, issued.JwtId, cancellationToken).ConfigureAwait(false))
        {
            // A concurrent retry redeemed it first (or it just expired): this token is never handed out.
            return OAuthResults.Error(OAuthError.InvalidGrant, "the approval was already used");
        }

        RecordIssued(agent.Id, tool.Id, scope, issued.JwtId, sessionId, auth.Method, DelegatedUser.Key(subject.UserIssuer, subject.UserSubject),
            grant.Id, approval?.Id, impersonate ? $"token-exchange {auth.Method}, impersonation" : $"token-exchange {auth.Method}, act {string.Join(" < ", actors)}");
        return TokenResponse(context, issued, thumbprint, scope, TokenTypeUris.AccessToken, authorizationDetails);
    }

    /// <summary>
    /// The approval for <paramref name="request"/>, when it is approved; otherwise the answer to give: a new or still
    /// pending request (<c>authorization_pending</c>), a denial (<c>access_denied</c>), a lapse (<c>expired_token</c>),
    /// or an approval id that is not for this request or already used (<c>invalid_grant</c>).
    /// </summary>
    private async Task<(ApprovalRecord? Approved, IResult? Answer)> AwaitApprovalAsync(ApprovalRequest request, string? approvalId,
        string? thumbprint, CancellationToken cancellationToken)
    {
        if (approvalId is null)
        {
            var opened = await approvals.RequestAsync(request, cancellationToken).ConfigureAwait(false);
            return opened is null
                ? (null, OAuthResults.Error(OAuthError.InvalidRequest, "this agent has too many approval requests waiting"))
                : (null, Pending(opened, thumbprint));
        }

        var record = await approvals.GetAsync(approvalId, cancellationToken).ConfigureAwait(false);
        if (record is null || !request.Matches(record))
        {
            return (null, OAuthResults.Error(OAuthError.InvalidGrant, "the approval is not for this request"));
        }
        switch (record.Status)
        {
            case ApprovalStatus.Approved:
                return (record, null);
            case ApprovalStatus.Pending:
                return (null, Pending(record, thumbprint));
            case ApprovalStatus.Denied:
                return (null, OAuthResults.Error(OAuthError.AccessDenied, "the approval was denied"));
            case ApprovalStatus.Expired:
                await approvals.NoteExpiryAsync(record, cancellationToken).ConfigureAwait(false);
                return (null, OAuthResults.Error(OAuthError.ExpiredToken, "the approval request expired; ask again without approval_id"));
            default:
                return (null, OAuthResults.Error(OAuthError.InvalidGrant, "the approval was already used"));
        }
    }

    private ApprovalPendingResult Pending(ApprovalRecord record, string? thumbprint)
    {
        var expiresIn = Math.Max(0, (long)(record.ExpiresAt - time.GetUtcNow()).TotalSeconds);
        return new ApprovalPendingResult(record.Id, expiresIn, ApprovalLimits.PollIntervalSeconds,
            "a human must approve this action; retry with approval_id", thumbprint is null ? null : dpop.CurrentNonce());
    }
}
