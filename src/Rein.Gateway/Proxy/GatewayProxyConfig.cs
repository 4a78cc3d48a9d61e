using Microsoft.Extensions.Primitives;
using Rein.Core.Registry;
using Yarp.ReverseProxy.Configuration;

namespace Rein.Gateway.Proxy;

/// <summary>
/// YARP routes and clusters built from the registry: <c>/tools/{id}/{**path}</c> → the tool's upstream. Rebuilt and
/// swapped atomically when the registry changes; YARP picks the new config up through the change token.
/// </summary>
internal sealed class GatewayProxyConfig : IProxyConfigProvider
{
    public const string ToolMetadataKey = "rein-tool";
    private volatile Snapshot _current;

    public GatewayProxyConfig(ReinRegistry registry)
    {
        _current = Build(registry.Current);
        registry.Changed += snapshot =>
        {
            var previous = _current;
            _current = Build(snapshot);
            previous.SignalChange();
        };
    }

    public IProxyConfig GetConfig() => _current;

    private static Snapshot Build(RegistrySnapshot registry)
    {
        var routes = new List<RouteConfig>();
        var clusters = new List<ClusterConfig>();
        foreach (var tool in registry.Config.Tools)
        {
            if (tool.Upstream is null) continue;
            var id = "tool:" + tool.Id;
            routes.Add(new RouteConfig
            {
                RouteId = id,
                ClusterId = id,
                Match = new RouteMatch { Path = $"/tools/{tool.Id}/{{**path}}" },
                Metadata = new Dictionary<string, string> { [ToolMetadataKey] = tool.Id },
                Transforms = [new Dictionary<string, string> { ["PathRemovePrefix"] = "/tools/" + tool.Id }],
            });
            clusters.Add(new ClusterConfig
            {
                ClusterId = id,
                Destinations = new Dictionary<string, DestinationConfig> { ["upstream"] = new() { Address = tool.Upstream } },
                HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(100) },
            });
        }
        return new Snapshot(routes, clusters);
    }

    private sealed class Snapshot(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters) : IProxyConfig
    {
        private readonly CancellationTokenSource _changed = new();

        public IReadOnlyList<RouteConfig> Routes { get; } = routes;
        public IReadOnlyList<ClusterConfig> Clusters { get; } = clusters;
        public IChangeToken ChangeToken => new CancellationChangeToken(_changed.Token);

        public void SignalChange() => _changed.Cancel();
    }
}
