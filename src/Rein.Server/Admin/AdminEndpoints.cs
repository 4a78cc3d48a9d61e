using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rein.Core.Audit;
using Rein.Core.Keys;
using Rein.Core.Revocation;
using Rein.Core.Tokens;
using Rein.Core.Registry;

namespace Rein.Server.Admin;

/// <summary>The admin API under <c>/admin/v1/</c>: JSON, RFC 9457 problem details, nothing anonymous.</summary>
public static partial class AdminEndpoints
{
    private static readonly string[] SupportedAlgorithms = ["ES256", "RS256"];

    public static IServiceCollection AddReinAdmin(this IServiceCollection services)
    {
        services.AddSingleton<AdminAuthorizationFilter>();
        services.AddProblemDetails();
        services.AddOpenApi("v1");
        return services;
    }

    public static IEndpointRouteBuilder MapReinAdmin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/openapi/{documentName}.json");
        var admin = endpoints.MapGroup("/admin/v1").AddEndpointFilter<AdminAuthorizationFilter>().WithTags("admin");

        admin.MapGet("/agents", async (AgentControl agents, CancellationToken ct) =>
            TypedResults.Ok((await agents.ListAsync(ct).ConfigureAwait(false)).Select(AgentDto.From).ToList()))
            .WithName("ListAgents");

        admin.MapGet("/agents/{id}", async Task<Results<Ok<AgentDto>, ProblemHttpResult>> (string id, AgentControl agents, CancellationToken ct) =>
            await agents.GetAsync(id, ct).ConfigureAwait(false) is { } view ? TypedResults.Ok(AgentDto.From(view)) : NotFound("agent", id))
            .WithName("GetAgent");

        admin.MapPost("/agents/{id}/suspend", async Task<Results<Ok<AgentDto>, ProblemHttpResult>> (string id, StatusChangeRequest? body, AgentControl agents, HttpContext http, CancellationToken ct) =>
            await agents.SuspendAsync(id, AgentStatus.Suspended, body?.Reason ?? "suspended by an admin", Caller(http), ct).ConfigureAwait(false) is { } view
                ? TypedResults.Ok(AgentDto.From(view)) : NotFound("agent", id))
            .WithName("SuspendAgent");

        admin.MapPost("/agents/{id}/kill", async Task<Results<Ok<AgentDto>, ProblemHttpResult>> (string id, StatusChangeRequest? body, AgentControl agents, HttpContext http, CancellationToken ct) =>
            await agents.SuspendAsync(id, AgentStatus.Quarantined, body?.Reason ?? "killed by an admin", Caller(http), ct).ConfigureAwait(false) is { } view
                ? TypedResults.Ok(AgentDto.From(view)) : NotFound("agent", id))
            .WithName("KillAgent")
            .WithDescription("Quarantines the agent: no new tokens, and every token it holds is refused from when this call returns.");

        admin.MapPost("/agents/{id}/enable", async Task<Results<Ok<AgentDto>, ProblemHttpResult>> (string id, StatusChangeRequest? body, AgentControl agents, HttpContext http, CancellationToken ct) =>
            await agents.EnableAsync(id, body?.Reason ?? "enabled by an admin", Caller(http), ct).ConfigureAwait(false) is { } view
                ? TypedResults.Ok(AgentDto.From(view)) : NotFound("agent", id))
            .WithName("EnableAgent");

        admin.MapPost("/revocations", async Task<Results<Ok<RevocationResponse>, ProblemHttpResult>> (RevocationRequest body, RevocationService revocations, AuditLog audit, TimeProvider time, HttpContext http, CancellationToken ct) =>
        {
            if (!SubjectKey.TryParse(body.Subject, out var subject))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid subject",
                    detail: "subject must be agent:ID, user:ISS|SUB, sid:ID, jti:ID, client:ID or grant:ID.");
            }
            var entry = await revocations.RevokeAsync(subject, body.Reason ?? "revoked by an admin", Caller(http), ct).ConfigureAwait(false);
            audit.Write(new AuditEvent { Kind = AuditKinds.Revocation, Time = time.GetUtcNow(), Reason = body.Reason, Actor = Caller(http), Agent = subject.Kind == SubjectKind.Agent ? subject.Id : null, TokenId = subject.Kind == SubjectKind.Token ? subject.Id : null, SessionId = subject.Kind == SubjectKind.Session ? subject.Id : null, User = subject.Kind == SubjectKind.User ? subject.Id : null, Grant = subject.Kind == SubjectKind.Grant ? subject.Id : null });
            return TypedResults.Ok(new RevocationResponse(subject.ToString(), DateTimeOffset.FromUnixTimeMilliseconds(entry.RevokedBefore)));
        }).WithName("Revoke")
          .WithDescription("Kills every token of the subject issued up to now, at every gateway, from when this call returns.");

        admin.MapGet("/policies", (Core.Policies.PolicyEngine engine) =>
        {
            var load = engine.LastLoad;
            var policies = engine.Policies?.Policies.Select(p => new PolicyDto(p.Id, p.Effect.ToString().ToLowerInvariant(), p.Text)).ToList() ?? [];
            return TypedResults.Ok(new PolicySetDto(engine.Enabled, load.Succeeded, load.LoadedAt, load.Errors, policies));
        }).WithName("ListPolicies")
          .WithDescription("The Cedar policies in force, and the outcome of the last (re)load with every error.");

        admin.MapGet("/tools", (ReinRegistry registry) => TypedResults.Ok(registry.Current.Config.Tools.Select(ToolDto.From).ToList()))
            .WithName("ListTools");

        admin.MapGet("/tools/{id}", Results<Ok<ToolDto>, ProblemHttpResult> (string id, ReinRegistry registry) =>
            registry.Current.ToolsById.TryGetValue(id, out var tool) ? TypedResults.Ok(ToolDto.From(tool)) : NotFound("tool", id))
            .WithName("GetTool");

        admin.MapPost("/keys/rotate", async Task<Results<Ok<RotateKeyResponse>, ProblemHttpResult>> (RotateKeyRequest? body, KeyRing keys, CancellationToken ct) =>
        {
            if (!keys.Options.SignsTokens)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not a broker",
                    detail: "This instance does not run the broker role; rotate keys where the broker runs.");
            }
            var algorithm = body?.Algorithm ?? "ES256";
            if (!SupportedAlgorithms.Contains(algorithm))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unsupported algorithm", detail: "alg must be ES256 or RS256.");
            }
            var result = await keys.RotateAsync(algorithm, body?.Immediate ?? false, ct).ConfigureAwait(false);
            return TypedResults.Ok(new RotateKeyResponse(result.KeyId, result.Algorithm, result.ActivatesAt, result.RetiredKeyIds));
        }).WithName("RotateKey");

        MapGrants(admin);
        MapApprovals(admin);

        return endpoints;
    }

    private static string? Caller(HttpContext http) => (http.Items[typeof(AccessToken)] as AccessToken)?.ClientId;

    private static ProblemHttpResult NotFound(string kind, string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No such {kind}",
            detail: $"There is no {kind} with id '{Truncate(id)}'.");

    private static string Truncate(string id) => id.Length > 64 ? id[..64] + "…" : id;
}
