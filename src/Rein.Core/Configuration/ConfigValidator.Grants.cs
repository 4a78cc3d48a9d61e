namespace Rein.Core.Configuration;

public static partial class ConfigValidator
{
    /// <summary>The longest user subject or approver name: OpenID Connect caps <c>sub</c> at 255 ASCII characters.</summary>
    public const int MaxUserSubjectLength = 255;

    /// <summary>The most approvers one grant names.</summary>
    public const int MaxApprovers = 32;

    /// <summary>
    /// Checks one grant against <paramref name="config"/> (its tools, agents and trusted issuers), as the admin API does
    /// before it stores a grant created at run time. Paths are relative to the grant (<c>tools.tickets[0]</c>).
    /// </summary>
    public static IReadOnlyList<ConfigError> ValidateGrant(GrantConfig grant, ReinConfig config)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(config);
        var diagnostics = new ConfigDiagnostics("");
        ValidateGrant(grant, "", GrantScope.Of(config), diagnostics);
        return diagnostics.Errors();
    }

    /// <summary>Checks the declared grants: ids unique, and each one valid against the rest of the file.</summary>
    private static void ValidateGrants(ReinConfig config, ConfigDiagnostics diagnostics)
    {
        var grants = config.Grants ?? [];
        if (grants.Count == 0)
        {
            return;
        }

        var scope = GrantScope.Of(config);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < grants.Count; i++)
        {
            var path = ConfigPath.Index("grants", i);
            var grant = grants[i];
            if (!string.IsNullOrWhiteSpace(grant.Id) && IdRules.IsValidId(grant.Id) && !ids.TryAdd(grant.Id, path))
            {
                diagnostics.Report(ConfigPath.Key(path, "id"), $"duplicate grant id {Quote.Value(grant.Id)} (also declared at {ids[grant.Id]})");
            }

            ValidateGrant(grant, path, scope, diagnostics);
        }
    }

    private static void ValidateGrant(GrantConfig grant, string path, GrantScope scope, ConfigDiagnostics diagnostics)
    {
        if (Require(diagnostics, path, grant.Id, "id") && !IdRules.IsValidId(grant.Id))
        {
            diagnostics.Report(ConfigPath.Key(path, "id"), $"invalid grant id {Quote.Value(grant.Id)}: {IdRules.IdSyntax}");
        }

        var userPath = ConfigPath.Key(path, "user");
        if (Require(diagnostics, userPath, grant.UserIssuer, "issuer"))
        {
            var issuerError = UserIssuerError(grant.UserIssuer, scope.Trust, diagnostics);
            if (issuerError is not null)
            {
                diagnostics.Report(ConfigPath.Key(userPath, "issuer"), issuerError);
            }
        }

        if (Require(diagnostics, userPath, grant.UserSubject, "subject"))
        {
            var error = NameError(grant.UserSubject);
            if (error is not null)
            {
                diagnostics.Report(ConfigPath.Key(userPath, "subject"), error);
            }
        }

        AgentConfig? agent = null;
        if (Require(diagnostics, path, grant.Agent, "agent") && !scope.Agents.TryGetValue(grant.Agent, out agent))
        {
            var suggestion = diagnostics.Suggest(grant.Agent, scope.Agents.Keys);
            diagnostics.Report(ConfigPath.Key(path, "agent"), suggestion is null
                ? $"unknown agent {Quote.Value(grant.Agent)}"
                : $"unknown agent {Quote.Value(grant.Agent)} (did you mean '{suggestion}'?)");
        }

        ValidateGrantTools(grant, path, agent, scope, diagnostics);

        var untilPath = ConfigPath.Key(path, "until");
        if (grant.Until == default)
        {
            if (!diagnostics.IsSuppressed(untilPath))
            {
                diagnostics.Report(untilPath, "'until' is required: a grant ends, such as until: 2026-06-30T18:00:00Z");
            }
        }
        else if (grant.From is { } from && from >= grant.Until)
        {
            diagnostics.Report(untilPath, "'until' must be after 'from'");
        }

        var approvers = grant.Approvers ?? [];
        var approversPath = ConfigPath.Key(path, "approvers");
        if (approvers.Count > MaxApprovers)
        {
            diagnostics.Report(approversPath, $"at most {MaxApprovers} approvers");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var k = 0; k < approvers.Count && k < MaxApprovers; k++)
        {
            var error = string.IsNullOrWhiteSpace(approvers[k]) ? "expected an approver name" : NameError(approvers[k]);
            if (error is null && !seen.Add(approvers[k]))
            {
                error = $"approver {Quote.Value(approvers[k])} is listed twice";
            }

            if (error is not null)
            {
                diagnostics.Report(ConfigPath.Index(approversPath, k), error);
            }
        }
    }

    private static void ValidateGrantTools(GrantConfig grant, string path, AgentConfig? agent, GrantScope scope, ConfigDiagnostics diagnostics)
    {
        var toolsPath = ConfigPath.Key(path, "tools");
        var tools = grant.Tools ?? new Dictionary<string, IReadOnlyList<string>>();
        if (tools.Count == 0)
        {
            if (!diagnostics.IsSuppressed(toolsPath))
            {
                diagnostics.Report(toolsPath, "at least one tool is required, such as tools: { tickets: [tickets.read] }");
            }

            return;
        }

        foreach (var (toolId, actions) in tools)
        {
            var bindingPath = ConfigPath.Key(toolsPath, toolId);
            if (!scope.ToolActions.TryGetValue(toolId, out var declared))
            {
                var suggestion = diagnostics.Suggest(toolId, scope.ToolActions.Keys);
                diagnostics.ReportKey(bindingPath, suggestion is null
                    ? $"unknown tool {Quote.Value(toolId)}"
                    : $"unknown tool {Quote.Value(toolId)} (did you mean '{suggestion}'?)");
                continue;
            }

            if (actions is null || actions.Count == 0)
            {
                diagnostics.ReportKey(bindingPath, $"list at least one action of tool {Quote.Value(toolId)}, or remove the tool");
                continue;
            }

            IReadOnlyList<string>? bound = null;
            agent?.Tools?.TryGetValue(toolId, out bound);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var k = 0; k < actions.Count; k++)
            {
                var error = BindingError(actions[k], toolId, declared, scope.ActionOwners, seen, diagnostics);
                if (error is null && agent is not null && (bound is null || !bound.Contains(actions[k], StringComparer.Ordinal)))
                {
                    // Note: a token never exceeds the agent's own bindings, so such a grant could never be used.
                    error = $"agent {Quote.Value(agent.Id)} is not bound to action {Quote.Value(actions[k])}; add it to the agent's tools first";
                }

                if (error is not null)
                {
                    diagnostics.Report(ConfigPath.Index(bindingPath, k), error);
                }
            }
        }
    }

    private static string? UserIssuerError(string issuer, IReadOnlyDictionary<string, TrustConfig> trust, ConfigDiagnostics diagnostics)
    {
        if (!trust.TryGetValue(issuer, out var entry))
        {
            var suggestion = diagnostics.Suggest(issuer, trust.Keys);
            return suggestion is null
                ? $"issuer {Quote.Value(issuer)} is not declared under 'trust' (with kind: user)"
                : $"issuer {Quote.Value(issuer)} is not declared under 'trust' (did you mean '{suggestion}'?)";
        }

        return entry.Kind == "user"
            ? null
            : $"issuer {Quote.Value(issuer)} is trusted for {entry.Kind} credentials; a grant's user comes from a trust entry with kind: user";
    }

    private static string? NameError(string name)
    {
        if (name.Length > MaxUserSubjectLength)
        {
            return $"at most {MaxUserSubjectLength} characters";
        }

        return name.Any(char.IsControl) ? "control characters are not allowed" : null;
    }

    /// <summary>What a grant is checked against, indexed once per validation.</summary>
    private sealed record GrantScope(
        IReadOnlyDictionary<string, TrustConfig> Trust,
        IReadOnlyDictionary<string, AgentConfig> Agents,
        Dictionary<string, string[]> ToolActions,
        Dictionary<string, string> ActionOwners)
    {
        public static GrantScope Of(ReinConfig config)
        {
            var trust = new Dictionary<string, TrustConfig>(StringComparer.Ordinal);
            foreach (var entry in config.Trust ?? [])
            {
                trust.TryAdd(entry.Issuer ?? "", entry);
            }

            var agents = new Dictionary<string, AgentConfig>(StringComparer.Ordinal);
            foreach (var agent in config.Agents ?? [])
            {
                agents.TryAdd(agent.Id ?? "", agent);
            }

            var toolActions = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var owners = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var tool in config.Tools ?? [])
            {
                var names = (tool.Actions ?? []).Select(action => action.Name).ToArray();
                if (!toolActions.TryAdd(tool.Id ?? "", names))
                {
                    continue;
                }

                foreach (var name in names)
                {
                    owners.TryAdd(name ?? "", tool.Id ?? "");
                }
            }

            return new GrantScope(trust, agents, toolActions, owners);
        }
    }
}
