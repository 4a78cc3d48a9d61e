using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

/// <summary>What an expression can see while it evaluates: the request variables and the entity store.</summary>
internal sealed class EvaluationContext
{
    public EvaluationContext(Request request, EntityStore entities)
    {
        Reset(request, entities);
    }

    /// <summary>A context for no request yet; <see cref="Reset"/> points it at one.</summary>
    public EvaluationContext()
    {
    }

    public Value Principal { get; private set; }

    public Value Action { get; private set; }

    public Value Resource { get; private set; }

    public Value Context { get; private set; }

    public EntityStore Entities { get; private set; } = EntityStore.Empty;

    /// <summary>Points this context at another request, so the authorizer can reuse one per thread.</summary>
    public void Reset(Request request, EntityStore entities)
    {
        Principal = Value.FromEntity(request.Principal);
        Action = Value.FromEntity(request.Action);
        Resource = Value.FromEntity(request.Resource);
        Context = request.Context;
        Entities = entities;
    }

    /// <summary>Drops the references to the last request and store, so an idle thread keeps neither alive.</summary>
    public void Clear()
    {
        Principal = default;
        Action = default;
        Resource = default;
        Context = default;
        Entities = EntityStore.Empty;
    }
}
