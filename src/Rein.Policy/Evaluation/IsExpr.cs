using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

/// <summary><c>e is T</c>: <c>e</c> must be an entity.</summary>
internal sealed class IsExpr(Expr operand, string entityType) : Expr
{
    public override bool TryEvaluate(EvaluationContext context, out Value value)
    {
        if (!operand.TryEvaluate(context, out var v) || v.Kind != ValueKind.Entity)
        {
            value = default;
            return false;
        }

        value = Value.FromBool(string.Equals(v.EntityRef.Type, entityType, StringComparison.Ordinal));
        return true;
    }
}
