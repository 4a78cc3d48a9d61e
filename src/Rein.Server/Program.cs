using System.CommandLine;
using Rein.Server.Cli;

var root = new RootCommand("Rein: an identity control plane for AI agents and other non-human workloads.")
{
    ServeCommand.Create(),
    DemoCommand.Create(),
    KeysCommand.Create(),
    AgentCommand.Create(),
    RevokeCommand.Create(),
    GrantCommand.Create(),
    ApprovalCommand.Create(),
    PolicyCommand.Create(),
    AuditCommand.Create(),
};
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
