using System.Collections.Frozen;
using Rein.Core.Configuration;

namespace Rein.Gateway.Routing;

/// <summary>Maps a request's method and path to one of a tool's declared actions, most specific template first.</summary>
internal sealed class ToolActionTable
{
    private readonly FrozenDictionary<string, (PathTemplate Template, ActionConfig Action)[]> _byMethod;

    public ToolActionTable(IEnumerable<ActionConfig> actions)
    {
        _byMethod = actions
            .Select(a => (Template: PathTemplate.Parse(a.PathTemplate), Action: a))
            .GroupBy(p => p.Action.Method, StringComparer.Ordinal)
            .ToFrozenDictionary(
                g => g.Key,
                g => g.OrderBy(p => p.Template.IsCatchAll)
                      .ThenByDescending(p => p.Template.SegmentCount)
                      .ThenByDescending(p => p.Template.LiteralCount)
                      .ToArray(),
                StringComparer.Ordinal);
    }

    public ActionConfig? Match(string method, ReadOnlySpan<char> path)
    {
        if (!_byMethod.TryGetValue(method, out var candidates)) return null;
        foreach (var (template, action) in candidates)
        {
            if (template.Matches(path)) return action;
        }
        return null;
    }
}
