using System.CommandLine;

namespace Rein.Server.Cli;

/// <summary><c>rein grant list|create|revoke</c>: delegation grants through the admin API.</summary>
internal static class GrantCommand
{
    public static Command Create() => new("grant", "List, create or revoke delegation grants (a person lets an agent act for them).")
    {
        List(),
        CreateGrant(),
        Revoke(),
    };

    private static Command List()
    {
        var agent = new Option<string?>("--agent") { Description = "Only this agent's grants." };
        var user = new Option<string?>("--user") { Description = "Only this person's grants, as ISSUER|SUBJECT." };
        var command = new Command("list", "List every grant with its status.") { agent, user };
        AdminConnection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var connection = AdminConnection.Open(parse);
            if (connection is null) return 2;
            var query = new List<string>();
            if (parse.GetValue(agent) is { } a) query.Add("agent=" + Uri.EscapeDataString(a));
            if (parse.GetValue(user) is { } u) query.Add("user=" + Uri.EscapeDataString(u));
            var path = "/admin/v1/grants" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
            return await AgentCommand.Print(connection.SendAsync(HttpMethod.Get, path, null, cancellationToken)).ConfigureAwait(false);
        });
        return command;
    }

    private static Command CreateGrant()
    {
        var user = new Option<string>("--user") { Description = "The person, as ISSUER|SUBJECT (the issuer is a trust entry of kind user).", Required = true };
        var agent = new Option<string>("--agent") { Description = "The agent that may act for them.", Required = true };
        var tools = new Option<string[]>("--tool")
        {
            Description = "TOOL=ACTION[,ACTION…]: actions of one tool; repeat for more tools.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var until = new Option<string>("--until") { Description = "When the grant ends (RFC 3339, e.g. 2026-06-30T18:00:00Z).", Required = true };
        var from = new Option<string?>("--from") { Description = "When the grant starts (default: now)." };
        var approval = new Option<bool>("--approval-required") { Description = "Every action needs a human approval." };
        var approvers = new Option<string[]>("--approver") { Description = "Who may approve (repeatable; default: the person)." };
        var id = new Option<string?>("--id") { Description = "The grant id (default: generated)." };
        var command = new Command("create", "Create a grant.") { user, agent, tools, until, from, approval, approvers, id };
        AdminConnection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var person = parse.GetValue(user)!;
            var bar = person.IndexOf('|', StringComparison.Ordinal);
            if (bar <= 0 || bar == person.Length - 1)
            {
                Console.Error.WriteLine("rein: --user must be ISSUER|SUBJECT.");
                return 2;
            }
            var bindings = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var tool in parse.GetValue(tools) ?? [])
            {
                var equals = tool.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0 || equals == tool.Length - 1)
                {
                    Console.Error.WriteLine("rein: --tool must be TOOL=ACTION[,ACTION…].");
                    return 2;
                }
                var actions = bindings.TryGetValue(tool[..equals], out var existing) ? existing : bindings[tool[..equals]] = [];
                actions.AddRange(tool[(equals + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
            using var connection = AdminConnection.Open(parse);
            if (connection is null) return 2;
            var body = new
            {
                id = parse.GetValue(id),
                user = new { issuer = person[..bar], subject = person[(bar + 1)..] },
                agent = parse.GetValue(agent),
                tools = bindings,
                from = parse.GetValue(from),
                until = parse.GetValue(until),
                approval = parse.GetValue(approval) ? "required" : "none",
                approvers = parse.GetValue(approvers) ?? [],
            };
            return await AgentCommand.Print(connection.SendAsync(HttpMethod.Post, "/admin/v1/grants", body, cancellationToken)).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Revoke()
    {
        var id = new Argument<string>("id") { Description = "The grant id." };
        var reason = new Option<string?>("--reason") { Description = "Why; recorded in the audit trail." };
        var command = new Command("revoke", "Revoke a grant: every token issued under it is refused at once, at every gateway.") { id, reason };
        AdminConnection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var connection = AdminConnection.Open(parse);
            if (connection is null) return 2;
            return await AgentCommand.Print(connection.SendAsync(HttpMethod.Post, $"/admin/v1/grants/{Uri.EscapeDataString(parse.GetValue(id)!)}/revoke",
                new { reason = parse.GetValue(reason) }, cancellationToken)).ConfigureAwait(false);
        });
        return command;
    }
}
