using System.Collections.Frozen;
using Rein.Core.Configuration;

namespace Rein.Core.Registry;

/// <summary>The registry's desired state, indexed for the hot path. Immutable; swapped whole on change.</summary>
public sealed class RegistrySnapshot
{
    public required ReinConfig Config { get; init; }
    public required FrozenDictionary<string, ToolConfig> ToolsById { get; init; }
    public required FrozenDictionary<string, ToolConfig> ToolsByAudience { get; init; }
    public required FrozenDictionary<string, ClientRegistration> Clients { get; init; }
    public required FrozenDictionary<string, TrustedIssuer> TrustedIssuers { get; init; }

    /// <summary>Workload identities, keyed by <see cref="WorkloadKey"/>.</summary>
    public required FrozenDictionary<string, ClientRegistration> Workloads { get; init; }

    /// <summary>Per agent, per tool id: the actions the agent is bound to.</summary>
    public required FrozenDictionary<string, FrozenDictionary<string, FrozenSet<string>>> Bindings { get; init; }

    /// <summary>Every action name of every tool (action names are unique across tools).</summary>
    public required FrozenSet<string> ActionNames { get; init; }

    public static string WorkloadKey(string issuer, string subject) => issuer + "\n" + subject;

    public IReadOnlySet<string> BoundActions(string agentId, string toolId) =>
        Bindings.TryGetValue(agentId, out var tools) && tools.TryGetValue(toolId, out var actions)
            ? actions
            : FrozenSet<string>.Empty;
}
