using Rein.Core.Configuration;

namespace Rein.Gateway.Routing;

/// <summary>A tool as the gateway enforces it: its declaration, its action table and its binding rules.</summary>
public sealed class GatewayTool
{
    internal GatewayTool(ToolConfig config)
    {
        Config = config;
        Actions = new ToolActionTable(config.Actions);
        // Note: as the config validator says, a tool with any high or critical action takes sender-constrained tokens only.
        AllowBearer = config.AllowBearer && config.Risk < RiskTier.High && config.Actions.All(a => (a.Risk ?? config.Risk) < RiskTier.High);
        RateLimit = config.RateLimit is { } limit ? (limit.Requests, limit.Per) : null;
        RouteId = "tool:" + config.Id;
        PathPrefix = "/tools/" + config.Id;
    }

    public ToolConfig Config { get; }
    internal ToolActionTable Actions { get; }

    /// <summary>Unbound tokens only where declared, and never for high or critical tools or actions.</summary>
    public bool AllowBearer { get; }

    public string RouteId { get; }

    /// <summary>Requests allowed per agent per window, or null for no gateway limit.</summary>
    public (int Requests, TimeSpan Window)? RateLimit { get; }

    /// <summary>The prefix under which the gateway serves this tool.</summary>
    public string PathPrefix { get; }
}
