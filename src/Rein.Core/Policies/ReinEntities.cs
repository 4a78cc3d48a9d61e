using Rein.Core.Configuration;
using Rein.Core.Registry;
using Rein.Policy;
using Rein.Policy.Values;

namespace Rein.Core.Policies;

/// <summary>
/// The Cedar entity model of the registry (docs/policy.md): <c>Rein::Agent</c>, <c>Rein::Tool</c>, and
/// <c>Rein::Action</c>s grouped per tool (<c>Rein::Action::"tool:ID"</c>), per risk (<c>Rein::Action::"risk:high"</c>)
/// and per HTTP method (<c>Rein::Action::"method:GET"</c>). Built once per registry snapshot.
/// </summary>
public static class ReinEntities
{
    public const string AgentType = "Rein::Agent";
    public const string ToolType = "Rein::Tool";
    public const string ActionType = "Rein::Action";
    public const string UserType = "Rein::User";
    public const string GroupType = "Rein::Group";

    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

    public static EntityUid Agent(string id) => new(AgentType, id);

    public static EntityUid Tool(string id) => new(ToolType, id);

    public static EntityUid Action(string name) => new(ActionType, name);

    public static EntityUid User(string userKey) => new(UserType, userKey);

    /// <summary>One of a person's groups: <c>Rein::Group::"ISS|GROUP"</c>, namespaced by the issuer that names it.</summary>
    public static EntityUid Group(string issuer, string group) => new(GroupType, Delegation.UserGroups.Key(issuer, group));

    /// <summary>
    /// The person a delegated token acts for: <c>Rein::User::"ISS|SUB"</c> with <c>issuer</c> and <c>subject</c>
    /// (the key splits at the first <c>|</c>, which an issuer URL cannot contain), a member (child) of
    /// <c>Rein::Group::"ISS|GROUP"</c> for each of <paramref name="groups"/>.
    /// </summary>
    public static Entity UserEntity(string userKey, IReadOnlyList<string>? groups = null)
    {
        var bar = userKey.IndexOf('|', StringComparison.Ordinal);
        var attributes = new List<KeyValuePair<string, Value>>(2);
        EntityUid[]? parents = null;
        if (bar >= 0)
        {
            var issuer = userKey[..bar];
            attributes.Add(new("issuer", Value.FromString(issuer)));
            attributes.Add(new("subject", Value.FromString(userKey[(bar + 1)..])));
            if (groups is { Count: > 0 })
            {
                parents = new EntityUid[groups.Count];
                for (var i = 0; i < parents.Length; i++) parents[i] = Group(issuer, groups[i]);
            }
        }
        return new Entity(User(userKey), attributes, parents);
    }

    public static EntityStore Build(RegistrySnapshot registry)
    {
        var entities = new List<Entity>();
        foreach (var risk in Enum.GetValues<RiskTier>())
        {
            entities.Add(new Entity(Action("risk:" + Name(risk))));
        }
        foreach (var method in Methods)
        {
            entities.Add(new Entity(Action("method:" + method)));
        }
        foreach (var tool in registry.Config.Tools)
        {
            var group = Action("tool:" + tool.Id);
            entities.Add(new Entity(group));
            entities.Add(new Entity(Tool(tool.Id), Attributes(
                ("id", Value.FromString(tool.Id)),
                ("audience", Value.FromString(tool.Audience)),
                ("risk", Value.FromString(Name(tool.Risk))))));
            foreach (var action in tool.Actions)
            {
                entities.Add(new Entity(Action(action.Name),
                    parents: [group, Action("risk:" + Name(action.Risk ?? tool.Risk)), Action("method:" + action.Method)]));
            }
        }
        foreach (var agent in registry.Config.Agents)
        {
            var attributes = new List<KeyValuePair<string, Value>>
            {
                new("id", Value.FromString(agent.Id)),
                new("class", Value.FromString("agent")),
                // Note: a suspended or quarantined agent is refused before any policy runs (no token; every call 401),
                // so an agent a policy sees is always active.
                new("status", Value.FromString("active")),
            };
            if (agent.Owner is not null) attributes.Add(new("owner", Value.FromString(agent.Owner)));
            if (agent.Environment is not null) attributes.Add(new("environment", Value.FromString(agent.Environment)));
            if (agent.Purpose is not null) attributes.Add(new("purpose", Value.FromString(agent.Purpose)));
            if (agent.Risk is { } risk) attributes.Add(new("risk", Value.FromString(Name(risk))));
            entities.Add(new Entity(Agent(agent.Id), attributes));
        }
        return EntityStore.Create(entities);
    }

    public static string Name(RiskTier risk) => risk switch
    {
        RiskTier.Low => "low",
        RiskTier.Medium => "medium",
        RiskTier.High => "high",
        _ => "critical",
    };

    private static List<KeyValuePair<string, Value>> Attributes(params (string Name, Value Value)[] pairs) =>
        pairs.Select(p => new KeyValuePair<string, Value>(p.Name, p.Value)).ToList();
}
