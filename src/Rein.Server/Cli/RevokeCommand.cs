using System.CommandLine;

namespace Rein.Server.Cli;

/// <summary><c>rein revoke --agent|--user|--sid|--jti|--client|--grant</c>: kill every token of one subject issued up to now.</summary>
internal static class RevokeCommand
{
    public static Command Create()
    {
        var agent = new Option<string?>("--agent") { Description = "Every token held by this agent." };
        var user = new Option<string?>("--user") { Description = "Every token that acts for this person, as ISSUER|SUBJECT (e.g. their IdP session ended)." };
        var sid = new Option<string?>("--sid") { Description = "Every token of this agent session." };
        var jti = new Option<string?>("--jti") { Description = "One token." };
        var client = new Option<string?>("--client") { Description = "Every token issued to this client." };
        var grant = new Option<string?>("--grant") { Description = "Every token issued under this delegation grant (the grant stays usable; rein grant revoke ends it)." };
        var reason = new Option<string?>("--reason") { Description = "Why; recorded in the audit trail." };
        var command = new Command("revoke", "Revoke tokens at every gateway, from when the command returns.") { agent, user, sid, jti, client, grant, reason };
        AdminConnection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var subjects = new[]
            {
                ("agent", parse.GetValue(agent)), ("user", parse.GetValue(user)), ("sid", parse.GetValue(sid)),
                ("jti", parse.GetValue(jti)), ("client", parse.GetValue(client)), ("grant", parse.GetValue(grant)),
            }.Where(s => s.Item2 is not null).ToList();
            if (subjects.Count != 1)
            {
                Console.Error.WriteLine("rein: name exactly one of --agent, --user, --sid, --jti, --client, --grant.");
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
