using Rein.Policy.Evaluation;
using Rein.Policy.Values;

namespace Rein.Policy;

/// <summary>A parsed static policy: id, effect, annotations, scope and conditions.</summary>
public sealed class Policy
{
    private readonly Expr[] _conditions;
    private readonly int _bodyStart;
    private readonly (int Start, int Length) _conditionText;

    internal Policy(
        string id,
        Effect effect,
        IReadOnlyDictionary<string, string> annotations,
        ScopeConstraint principal,
        ScopeConstraint action,
        ScopeConstraint resource,
        Expr[] conditions,
        string text,
        int bodyStart,
        (int Start, int Length) conditionText)
    {
        Id = id;
        Effect = effect;
        Annotations = annotations;
        Principal = principal;
        Action = action;
        Resource = resource;
        _conditions = conditions;
        Text = text;
        _bodyStart = bodyStart;
        _conditionText = conditionText;
    }

    /// <summary>The policy id: its <c>@id</c> annotation or <c>policyN</c> by position.</summary>
    public string Id { get; }

    /// <summary>Permit or forbid.</summary>
    public Effect Effect { get; }

    /// <summary>The annotations (<c>@key("value")</c>; a bare <c>@key</c> has the empty string).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; }

    /// <summary>The principal constraint.</summary>
    public ScopeConstraint Principal { get; }

    /// <summary>The action constraint.</summary>
    public ScopeConstraint Action { get; }

    /// <summary>The resource constraint.</summary>
    public ScopeConstraint Resource { get; }

    /// <summary>The policy's source text.</summary>
    public string Text { get; }

    internal Policy WithId(string id) => new(id, Effect, Annotations, Principal, Action, Resource, _conditions, Text, _bodyStart, _conditionText);

    /// <summary>Whether the policy has <c>when</c> or <c>unless</c> clauses.</summary>
    internal bool HasConditions => _conditions.Length > 0;

    /// <summary>
    /// The source of the <c>when</c>/<c>unless</c> clauses (empty without any). Evaluation depends only on the
    /// request and the entities, so two policies with the same condition source decide the same way on every request
    /// (<see cref="PolicySet"/> uses this to evaluate shared conditions once per request).
    /// </summary>
    internal ReadOnlySpan<char> ConditionText => Text.AsSpan(_conditionText.Start, _conditionText.Length);

    /// <summary>
    /// The source from the effect to the end, without the annotations: two policies with the same body are the same
    /// policy under different ids (<see cref="PolicySet"/> evaluates them as one).
    /// </summary>
    internal ReadOnlySpan<char> BodyText => Text.AsSpan(_bodyStart);

    internal bool MatchesScope(Request request, EntityStore entities) =>
        Principal.Matches(request.Principal, entities) &&
        Action.Matches(request.Action, entities) &&
        Resource.Matches(request.Resource, entities);

    /// <summary>Evaluates the conditions in order (each must be a boolean); null means an evaluation error.</summary>
    internal bool? EvaluateConditions(EvaluationContext context)
    {
        foreach (var condition in _conditions)
        {
            if (!condition.TryEvaluate(context, out var v))
            {
                return null;
            }

            if (v.Kind != ValueKind.Bool)
            {
                EvaluationErrors.TypeError(out _, "a boolean condition", v);
                return null;
            }

            if (v.Bits == 0)
            {
                return false;
            }
        }

        return true;
    }
}
