using System.CommandLine;

namespace Rein.Server.Cli;

/// <summary><c>rein revoke --agent|--user|--sid|--jti|--client</c>: kill every token of one subject issued up to now.</summary>
internal static class RevokeCommand
{
    public static Command Create()
    {
        var agent = new Option<string?>("--agent") { Description = "Every token held by this agent." };
        var user = new Option<string?>("--user") { Description = "Every token delegated by this user, as ISSUER|SUBJECT." };
        var sid = new Option<string?>("--sid") { Description = "Every token of this agent session." };
        var jti = new Option<string?>("--jti") { Description = "One token." };
        var client = new Option<string?>("--client") { Description = "Every token issued to this client." };
        var reason = new Option<string?>("--reason") { Description = "Why; recorded in the audit trail." };
        var command = new Command("revoke", "Revoke tokens at every gateway, from when the command returns.") { agent, user, sid, jti, client, reason };
        AdminConnection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var subjects = new[]
            {
                ("agent", parse.GetValue(agent)), ("user", parse.GetValue(user)), ("sid", parse.GetValue(sid)),
                ("jti", parse.GetValue(jti)), ("client", parse.GetValue(client)),
            }.Where(s => s.Item2 is not null).ToList();
            if (subjects.Count != 1)
            {
                Console.Error.WriteLine("rein: name exactly one of --agent, --user, --sid, --jti, --client.");
                return 2;
            }
            using var connection = AdminConnection.Open(parse);
            if (connection is null) return 2;
            var (kind, value) = subjects[0];
            return await AgentCommand.Print(connection.SendAsync(HttpMethod.Post, "/admin/v1/revocations",
                new { subject = $"{kind}:{value}", reason = parse.GetValue(reason) }, cancellationToken)).ConfigureAwait(false);
        });
        return command;
    }
}
