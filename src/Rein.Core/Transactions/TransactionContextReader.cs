using System.Text.Json;

namespace Rein.Core.Transactions;

/// <summary>Reads the members Rein defines in <c>tctx</c>; one of the wrong type makes the token invalid.</summary>
internal static class TransactionContextReader
{
    /// <summary>No real delegation is deeper; parsing stays bounded.</summary>
    private const int MaxActorDepth = 8;

    public readonly record struct Context(
        string? Tool,
        string? Action,
        string? Agent,
        string? UserSubject,
        string? UserIssuer,
        IReadOnlyList<string> Actors,
        string? GrantId,
        string? ApprovalId,
        string? Error);

    public static Context Read(JsonElement tctx)
    {
        if (tctx.ValueKind != JsonValueKind.Object) return new Context(null, null, null, null, null, [], null, null, null);

        if (!Str(tctx, "tool", out var tool) || !Str(tctx, "action", out var action) || !Str(tctx, "agent", out var agent) ||
            !Str(tctx, "grant_id", out var grantId) || !Str(tctx, "approval_id", out var approvalId))
        {
            return Invalid("tctx has a member of the wrong type");
        }

        string? userSubject = null, userIssuer = null;
        if (tctx.TryGetProperty("user", out var user))
        {
            if (user.ValueKind != JsonValueKind.Object || !Str(user, "sub", out userSubject) || userSubject is null || !Str(user, "iss", out userIssuer))
            {
                return Invalid("tctx.user is malformed");
            }
        }

        var actors = new List<string>(2);
        if (tctx.TryGetProperty("act", out var act))
        {
            while (true)
            {
                if (act.ValueKind != JsonValueKind.Object || !Str(act, "sub", out var actor) || string.IsNullOrEmpty(actor))
                {
                    return Invalid("tctx.act is malformed");
                }
                actors.Add(actor);
                if (actors.Count > MaxActorDepth) return Invalid("tctx.act is too deep");
                if (!act.TryGetProperty("act", out var inner)) break;
                act = inner;
            }
        }
        return new Context(tool, action, agent, userSubject, userIssuer, actors, grantId, approvalId, null);
    }

    private static Context Invalid(string error) => new(null, null, null, null, null, [], null, null, error);

    private static bool Str(JsonElement obj, string name, out string? value) =>
        TransactionTokenValidator.TryGetOptionalString(obj, name, out value);
}
