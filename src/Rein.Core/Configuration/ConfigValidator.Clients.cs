namespace Rein.Core.Configuration;

public static partial class ConfigValidator
{
    /// <summary>Checks agents and admins: ids unique across both, credentials, and the agents' tool bindings.</summary>
    private static void ValidateClients(
        ReinConfig config,
        Dictionary<string, TrustConfig> trust,
        Dictionary<string, string> actionOwners,
        ConfigDiagnostics diagnostics)
    {
        var toolActions = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var tool in config.Tools ?? [])
        {
            toolActions.TryAdd(tool.Id ?? "", (tool.Actions ?? []).Select(action => action.Name).ToArray());
        }

        var clientIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var workloads = new Dictionary<(string Issuer, string Subject), string>();
        var agents = config.Agents ?? [];
        for (var i = 0; i < agents.Count; i++)
        {
            var path = ConfigPath.Index("agents", i);
            ValidateClientId(agents[i].Id, path, clientIds, diagnostics);
            ValidateCredentials(agents[i].Credentials ?? [], path, isAdmin: false, trust, workloads, diagnostics);
            ValidateBindings(agents[i], path, toolActions, actionOwners, diagnostics);
            ValidateImpersonation(agents[i], path, diagnostics);
        }

        var admins = config.Admins ?? [];
        for (var i = 0; i < admins.Count; i++)
        {
            var path = ConfigPath.Index("admins", i);
            ValidateClientId(admins[i].Id, path, clientIds, diagnostics);
            ValidateCredentials(admins[i].Credentials ?? [], path, isAdmin: true, trust, workloads, diagnostics);
        }

        ValidateSignalReceivers(config.Signals ?? SignalsConfig.Empty, trust, clientIds, workloads, diagnostics);
    }

    private static void ValidateClientId(string id, string path, Dictionary<string, string> clientIds, ConfigDiagnostics diagnostics)
    {
        if (!Require(diagnostics, path, id, "id"))
        {
            return;
        }

        var idPath = ConfigPath.Key(path, "id");
        if (!IdRules.IsValidId(id))
        {
            diagnostics.Report(idPath, $"invalid client id {Quote.Value(id)}: {IdRules.IdSyntax}");
        }
        else if (!clientIds.TryAdd(id, path))
        {
            diagnostics.Report(idPath, $"duplicate client id {Quote.Value(id)} (also declared at {clientIds[id]}); agent and admin ids share one namespace");
        }
    }

    private static void ValidateBindings(
        AgentConfig agent,
        string agentPath,
        Dictionary<string, string[]> toolActions,
        Dictionary<string, string> actionOwners,
        ConfigDiagnostics diagnostics)
    {
        var toolsPath = ConfigPath.Key(agentPath, "tools");
        foreach (var (toolId, actions) in agent.Tools ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            var bindingPath = ConfigPath.Key(toolsPath, toolId);
            if (!toolActions.TryGetValue(toolId, out var declared))
            {
                var suggestion = diagnostics.Suggest(toolId, toolActions.Keys);
                diagnostics.ReportKey(bindingPath, suggestion is null
                    ? $"unknown tool {Quote.Value(toolId)}"
                    : $"unknown tool {Quote.Value(toolId)} (did you mean '{suggestion}'?)");
                continue;
            }

            if (actions is null || actions.Count == 0)
            {
                diagnostics.ReportKey(bindingPath, $"list at least one action of tool {Quote.Value(toolId)}, or remove the binding");
                continue;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var k = 0; k < actions.Count; k++)
            {
                var error = BindingError(actions[k], toolId, declared, actionOwners, seen, diagnostics);
                if (error is not null)
                {
                    diagnostics.Report(ConfigPath.Index(bindingPath, k), error);
                }
            }
        }
    }

    private static void ValidateImpersonation(AgentConfig agent, string agentPath, ConfigDiagnostics diagnostics)
    {
        var tools = agent.Impersonate ?? [];
        var path = ConfigPath.Key(agentPath, "impersonate");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var k = 0; k < tools.Count; k++)
        {
            string? error = null;
            if (string.IsNullOrWhiteSpace(tools[k]))
            {
                error = "expected a tool id";
            }
            else if (agent.Tools is null || !agent.Tools.ContainsKey(tools[k]))
            {
                error = $"tool {Quote.Value(tools[k])} is not among this agent's tools; impersonation is allowed only for a tool the agent is bound to";
            }
            else if (!seen.Add(tools[k]))
            {
                error = $"tool {Quote.Value(tools[k])} is listed twice";
            }

            if (error is not null)
            {
                diagnostics.Report(ConfigPath.Index(path, k), error);
            }
        }
    }

    private static string? BindingError(
        string action,
        string toolId,
        string[] declared,
        Dictionary<string, string> actionOwners,
        HashSet<string> seen,
        ConfigDiagnostics diagnostics)
    {
        if (string.IsNullOrWhiteSpace(action))
        {
            return "expected an action name";
        }

        if (declared.Contains(action, StringComparer.Ordinal))
        {
            return seen.Add(action) ? null : $"action {Quote.Value(action)} is listed twice";
        }

        if (actionOwners.TryGetValue(action, out var owner))
        {
            return $"action {Quote.Value(action)} belongs to tool {Quote.Value(owner)}, not {Quote.Value(toolId)}";
        }

        var suggestion = diagnostics.Suggest(action, declared);
        return suggestion is null
            ? $"unknown action {Quote.Value(action)}"
            : $"unknown action {Quote.Value(action)} (did you mean '{suggestion}'?)";
    }
}
