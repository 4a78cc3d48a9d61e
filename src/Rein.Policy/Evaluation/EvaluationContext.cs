using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

/// <summary>What an expression can see while it evaluates: the request variables and the entity store.</summary>
internal sealed class EvaluationContext
{
    public EvaluationContext(Request request, EntityStore entities)
    {
        Principal = Value.FromEntity(request.Principal);
        Action = Value.FromEntity(request.Action);
        Resource = Value.FromEntity(request.Resource);
        Context = request.Context;
        Entities = entities;
    }

    public Value Principal { get; }

    public Value Action { get; }

    public Value Resource { get; }

    public Value Context { get; }

    public EntityStore Entities { get; }
}
