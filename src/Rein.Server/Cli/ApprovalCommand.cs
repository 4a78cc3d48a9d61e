using System.CommandLine;

namespace Rein.Server.Cli;

/// <summary><c>rein approval list|show|approve|deny</c>: human approval of single delegated actions.</summary>
internal static class ApprovalCommand
{
    public static Command Create() => new("approval", "List approval requests, show one, approve or deny it.")
    {
        List(),
        Show(),
        Decide("approve", "Approve: the agent's next retry gets a token for that one action (at most two minutes)."),
        Decide("deny", "Deny: the agent's next retry is refused."),
    };

    private static Command List()
    {
        var status = new Option<string?>("--status") { Description = "pending, approved, denied, redeemed or expired." };
        var command = new Command("list", "List approval requests, newest first.") { status };
        AdminConnection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var connection = AdminConnection.Open(parse);
            if (connection is null) return 2;
            var path = "/admin/v1/approvals" + (parse.GetValue(status) is { } s ? "?status=" + Uri.EscapeDataString(s) : "");
            return await AgentCommand.Print(connection.SendAsync(HttpMethod.Get, path, null, cancellationToken)).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("id") { Description = "The approval id (ap-…)." };
        var command = new Command("show", "Show one approval request, with what the agent described.") { id };
        AdminConnection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var connection = AdminConnection.Open(parse);
            if (connection is null) return 2;
            return await AgentCommand.Print(connection.SendAsync(HttpMethod.Get, $"/admin/v1/approvals/{Uri.EscapeDataString(parse.GetValue(id)!)}",
                null, cancellationToken)).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Decide(string verb, string description)
    {
        var id = new Argument<string>("id") { Description = "The approval id (ap-…)." };
        var approver = new Option<string?>("--approver") { Description = "Who decides, one of the request's approvers (default: the admin client id)." };
        var reason = new Option<string?>("--reason") { Description = "Why; recorded in the audit trail." };
        var command = new Command(verb, description) { id, approver, reason };
        AdminConnection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var connection = AdminConnection.Open(parse);
            if (connection is null) return 2;
            return await AgentCommand.Print(connection.SendAsync(HttpMethod.Post, $"/admin/v1/approvals/{Uri.EscapeDataString(parse.GetValue(id)!)}/{verb}",
                new { approver = parse.GetValue(approver), reason = parse.GetValue(reason) }, cancellationToken)).ConfigureAwait(false);
        });
        return command;
    }
}
