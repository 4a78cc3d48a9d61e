using System.Collections.Frozen;
using Rein.Core.Registry;

namespace Rein.Gateway.Routing;

/// <summary>The tools the gateway fronts, rebuilt whole whenever the registry changes.</summary>
internal sealed class GatewayCatalog
{
    private volatile FrozenDictionary<string, GatewayTool> _tools;

    public GatewayCatalog(ReinRegistry registry)
    {
        _tools = Build(registry.Current);
        registry.Changed += snapshot => _tools = Build(snapshot);
    }

    public GatewayTool? Find(string toolId) => _tools.GetValueOrDefault(toolId);

    public IEnumerable<GatewayTool> All => _tools.Values;

    private static FrozenDictionary<string, GatewayTool> Build(RegistrySnapshot snapshot) =>
        snapshot.Config.Tools.ToFrozenDictionary(t => t.Id, t => new GatewayTool(t), StringComparer.Ordinal);
}
