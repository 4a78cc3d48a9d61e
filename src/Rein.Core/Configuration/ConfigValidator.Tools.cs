namespace Rein.Core.Configuration;

public static partial class ConfigValidator
{
    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
    private static readonly string[] SigningAlgorithms = ["ES256", "RS256"];

    /// <summary>Checks the tools and their actions; returns each action name mapped to the id of the tool declaring it.</summary>
    private static Dictionary<string, string> ValidateTools(IReadOnlyList<ToolConfig> tools, ConfigDiagnostics diagnostics)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var audiences = new Dictionary<string, string>(StringComparer.Ordinal);
        var actionOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        var actionPaths = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < tools.Count; i++)
        {
            var tool = tools[i];
            var path = ConfigPath.Index("tools", i);
            var idPath = ConfigPath.Key(path, "id");
            if (Require(diagnostics, path, tool.Id, "id"))
            {
                if (!IdRules.IsValidId(tool.Id))
                {
                    diagnostics.Report(idPath, $"invalid tool id {Quote.Value(tool.Id)}: {IdRules.IdSyntax}");
                }
                else if (!ids.TryAdd(tool.Id, path))
                {
                    diagnostics.Report(idPath, $"duplicate tool id {Quote.Value(tool.Id)} (also declared at {ids[tool.Id]})");
                }
            }

            if (Require(diagnostics, path, tool.Audience, "audience"))
            {
                var audiencePath = ConfigPath.Key(path, "audience");
                var error = UrlRules.ResourceUri(tool.Audience);
                if (error is not null)
                {
                    diagnostics.Report(audiencePath, error);
                }
                else if (!audiences.TryAdd(tool.Audience, tool.Id))
                {
                    diagnostics.Report(audiencePath, $"audience {Quote.Value(tool.Audience)} is already used by tool {Quote.Value(audiences[tool.Audience])}");
                }
            }

            if (tool.Upstream is not null)
            {
                ReportIfInvalid(diagnostics, ConfigPath.Key(path, "upstream"), UrlRules.HttpUrl(tool.Upstream, httpsUnlessLoopback: false, allowQuery: false));
            }

            if (!SigningAlgorithms.Contains(tool.SigningAlgorithm, StringComparer.Ordinal))
            {
                diagnostics.Report(
                    ConfigPath.Key(path, "signing_alg"),
                    $"unsupported signing_alg {Quote.Value(tool.SigningAlgorithm ?? "")} (expected {Quote.Choices(SigningAlgorithms)})");
            }

            ValidateActions(tool, path, actionOwners, actionPaths, diagnostics);
            ValidateBearer(tool, path, diagnostics);
            ValidateTransactionTokenOptOut(tool, path, diagnostics);
        }

        return actionOwners;
    }

    private static void ValidateActions(
        ToolConfig tool,
        string toolPath,
        Dictionary<string, string> actionOwners,
        Dictionary<string, string> actionPaths,
        ConfigDiagnostics diagnostics)
    {
        var actions = tool.Actions ?? [];
        var actionsPath = ConfigPath.Key(toolPath, "actions");
        if (actions.Count == 0)
        {
            diagnostics.Report(actionsPath, "at least one action is required, such as { name: tickets.read, match: \"GET /tickets/{id}\" }");
        }

        var shapes = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var j = 0; j < actions.Count; j++)
        {
            var action = actions[j];
            var path = ConfigPath.Index(actionsPath, j);
            var namePath = ConfigPath.Key(path, "name");
            if (Require(diagnostics, path, action.Name, "name"))
            {
                if (!IdRules.IsValidActionName(action.Name))
                {
                    diagnostics.Report(namePath, $"invalid action name {Quote.Value(action.Name)}: {IdRules.ActionNameSyntax}");
                }
                else if (!actionPaths.TryAdd(action.Name, path))
                {
                    diagnostics.Report(namePath, $"duplicate action name {Quote.Value(action.Name)} (also declared at {actionPaths[action.Name]}); action names are unique across all tools");
                }
                else
                {
                    actionOwners.Add(action.Name, tool.Id);
                }
            }

            ValidateMatch(action, path, shapes, diagnostics);
        }
    }

    private static void ValidateMatch(ActionConfig action, string path, Dictionary<string, string> shapes, ConfigDiagnostics diagnostics)
    {
        var matchPath = ConfigPath.Key(path, "match");
        if (string.IsNullOrEmpty(action.Method) && string.IsNullOrEmpty(action.PathTemplate))
        {
            diagnostics.Report(matchPath, "'match' is required, such as \"GET /tickets/{id}\"");
            return;
        }

        if (!Methods.Contains(action.Method, StringComparer.Ordinal))
        {
            diagnostics.Report(matchPath, $"unsupported method {Quote.Value(action.Method ?? "")} (expected {Quote.Choices(Methods)})");
            return;
        }

        var error = PathTemplateRules.Check(action.PathTemplate ?? "");
        if (error is not null)
        {
            diagnostics.Report(matchPath, error);
            return;
        }

        var shape = $"{action.Method} {PathTemplateRules.Shape(action.PathTemplate!)}";
        if (!shapes.TryAdd(shape, action.Name))
        {
            diagnostics.Report(matchPath, $"'{action.Method} {action.PathTemplate}' matches the same requests as action {Quote.Value(shapes[shape])}");
        }
    }

    private static void ValidateBearer(ToolConfig tool, string path, ConfigDiagnostics diagnostics)
    {
        if (!tool.AllowBearer)
        {
            return;
        }

        var bearerPath = ConfigPath.Key(path, "allow_bearer");
        if (tool.Risk >= RiskTier.High)
        {
            diagnostics.Report(bearerPath, $"bearer tokens are not allowed on a {tool.Risk.ToString().ToLowerInvariant()} risk tool; remove allow_bearer so tokens stay sender-constrained");
            return;
        }

        var risky = (tool.Actions ?? []).FirstOrDefault(action => action.Risk >= RiskTier.High);
        if (risky is not null)
        {
            diagnostics.Report(bearerPath, $"bearer tokens are not allowed on a tool with {risky.Risk.ToString()!.ToLowerInvariant()} risk actions ({Quote.Value(risky.Name)}); remove allow_bearer so tokens stay sender-constrained");
        }
    }

    /// <summary>
    /// A tool may go without a transaction token per call only where an unbound token could be allowed too: the
    /// upstream of a high or critical risk tool or action always gets the gateway's signed account of the call.
    /// </summary>
    private static void ValidateTransactionTokenOptOut(ToolConfig tool, string path, ConfigDiagnostics diagnostics)
    {
        if (tool.TransactionToken)
        {
            return;
        }

        var optOutPath = ConfigPath.Key(path, "transaction_token");
        if (tool.Risk >= RiskTier.High)
        {
            diagnostics.Report(optOutPath, $"a {tool.Risk.ToString().ToLowerInvariant()} risk tool always gets a transaction token per call; remove transaction_token: false");
            return;
        }

        var risky = (tool.Actions ?? []).FirstOrDefault(action => action.Risk >= RiskTier.High);
        if (risky is not null)
        {
            diagnostics.Report(optOutPath, $"a tool with {risky.Risk.ToString()!.ToLowerInvariant()} risk actions ({Quote.Value(risky.Name)}) always gets a transaction token per call; remove transaction_token: false");
        }
    }
}
