using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Rein.Core.Configuration;
using Rein.Core.Delegation;

namespace Rein.Server.Admin;

public static partial class AdminEndpoints
{
    private static void MapGrants(RouteGroupBuilder admin)
    {
        admin.MapGet("/grants", (string? agent, string? user, GrantService grants) =>
            TypedResults.Ok(grants.List(agent, user).Select(g => GrantDto.Of(g, grants.StatusOf(g))).ToList()))
            .WithName("ListGrants")
            .WithDescription("Every delegation grant (declared in rein.yaml and created at run time); filter with ?agent=ID or ?user=ISS|SUB.");

        admin.MapGet("/grants/{id}", Results<Ok<GrantDto>, ProblemHttpResult> (string id, GrantService grants) =>
            grants.Get(id) is { } grant ? TypedResults.Ok(GrantDto.Of(grant, grants.StatusOf(grant))) : NotFound("grant", id))
            .WithName("GetGrant");

        admin.MapPost("/grants", async Task<Results<Created<GrantDto>, ProblemHttpResult>> (CreateGrantRequest body, GrantService grants, HttpContext http, CancellationToken ct) =>
        {
            var (declaration, errors) = ToDeclaration(body);
            if (declaration is null) return Invalid(errors);
            var result = await grants.CreateAsync(declaration, Caller(http), ct).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                return result.Conflict
                    ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Grant exists", detail: result.Errors[0])
                    : Invalid(result.Errors);
            }
            var grant = result.Grant!;
            return TypedResults.Created($"/admin/v1/grants/{Uri.EscapeDataString(grant.Id)}", GrantDto.Of(grant, grants.StatusOf(grant)));
        }).WithName("CreateGrant")
          .WithDescription("Records that a person lets an agent use some actions of some tools for them, until a time.");

        admin.MapPost("/grants/{id}/revoke", async Task<Results<Ok<GrantDto>, ProblemHttpResult>> (string id, RevokeGrantRequest? body, GrantService grants, HttpContext http, CancellationToken ct) =>
            await grants.RevokeAsync(id, body?.Reason ?? "revoked by an admin", Caller(http), ct).ConfigureAwait(false) is { } grant
                ? TypedResults.Ok(GrantDto.Of(grant, grants.StatusOf(grant))) : NotFound("grant", id))
            .WithName("RevokeGrant")
            .WithDescription("Revokes the grant: every token issued under it is refused at every gateway from when this call returns, and no new one is issued.");
    }

    private static void MapApprovals(RouteGroupBuilder admin)
    {
        admin.MapGet("/approvals", async Task<Results<Ok<List<ApprovalDto>>, ProblemHttpResult>> (string? status, ApprovalService approvals, CancellationToken ct) =>
        {
            ApprovalStatus? filter = null;
            if (status is not null)
            {
                if (!Enum.TryParse<ApprovalStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid status",
                        detail: "status must be pending, approved, denied, redeemed or expired.");
                }
                filter = parsed;
            }
            return TypedResults.Ok((await approvals.ListAsync(filter, ct).ConfigureAwait(false)).Select(ApprovalDto.From).ToList());
        }).WithName("ListApprovals")
          .WithDescription("Approval requests, newest first; ?status=pending for those waiting on a human.");

        admin.MapGet("/approvals/{id}", async Task<Results<Ok<ApprovalDto>, ProblemHttpResult>> (string id, ApprovalService approvals, CancellationToken ct) =>
            await approvals.GetAsync(id, ct).ConfigureAwait(false) is { } record ? TypedResults.Ok(ApprovalDto.From(record)) : NotFound("approval", id))
            .WithName("GetApproval");

        admin.MapPost("/approvals/{id}/approve", (string id, ApprovalDecisionRequest? body, ApprovalService approvals, HttpContext http, CancellationToken ct) =>
            DecideAsync(id, approve: true, body, approvals, http, ct))
            .WithName("Approve")
            .WithDescription("Approves one action; the agent's next retry gets a token for that action only, valid at most two minutes.");

        admin.MapPost("/approvals/{id}/deny", (string id, ApprovalDecisionRequest? body, ApprovalService approvals, HttpContext http, CancellationToken ct) =>
            DecideAsync(id, approve: false, body, approvals, http, ct))
            .WithName("Deny");
    }

    private static async Task<Results<Ok<ApprovalDto>, ProblemHttpResult>> DecideAsync(string id, bool approve, ApprovalDecisionRequest? body,
        ApprovalService approvals, HttpContext http, CancellationToken ct)
    {
        var caller = Caller(http);
        var approver = body?.Approver ?? caller ?? "";
        var (outcome, record) = await approvals.DecideAsync(id, approve, approver, caller, body?.Reason, ct).ConfigureAwait(false);
        return outcome switch
        {
            ApprovalDecisionOutcome.Decided => TypedResults.Ok(ApprovalDto.From(record!)),
            ApprovalDecisionOutcome.NotFound => NotFound("approval", id),
            ApprovalDecisionOutcome.NotAnApprover => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not an approver",
                detail: "The approver named is not among this request's approvers; name one with \"approver\"."),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not pending",
                detail: $"The approval request is {record!.Status.ToString().ToLowerInvariant()}; only a pending request can be decided."),
        };
    }

    private static (GrantConfig? Declaration, List<string> Errors) ToDeclaration(CreateGrantRequest body)
    {
        var errors = new List<string>();
        DateTimeOffset? from = null;
        var until = default(DateTimeOffset);
        if (body.From is not null)
        {
            if (TimestampRules.TryParse(body.From, out var parsed)) from = parsed;
            else errors.Add("from: expected an RFC 3339 timestamp with an offset such as 2026-06-30T18:00:00Z");
        }
        if (body.Until is not null && !TimestampRules.TryParse(body.Until, out until))
        {
            errors.Add("until: expected an RFC 3339 timestamp with an offset such as 2026-06-30T18:00:00Z");
        }
        var approval = body.Approval switch
        {
            null or "none" => false,
            "required" => true,
            _ => (bool?)null,
        };
        if (approval is null) errors.Add("approval: expected 'required' or 'none'");
        if (errors.Count > 0) return (null, errors);
        return (new GrantConfig
        {
            Id = body.Id ?? "",
            UserIssuer = body.User?.Issuer ?? "",
            UserSubject = body.User?.Subject ?? "",
            Agent = body.Agent ?? "",
            Tools = (body.Tools ?? []).ToDictionary(p => p.Key, p => (IReadOnlyList<string>)(p.Value ?? []), StringComparer.Ordinal),
            From = from,
            Until = until,
            ApprovalRequired = approval!.Value,
            Approvers = body.Approvers ?? [],
        }, errors);
    }

    private static ProblemHttpResult Invalid(IReadOnlyList<string> errors) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid grant",
            detail: "The grant breaks the rules of rein.yaml's grants; see errors.",
            extensions: new Dictionary<string, object?> { ["errors"] = errors });
}
