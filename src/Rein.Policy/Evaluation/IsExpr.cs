using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

/// <summary><c>e is T</c>: <c>e</c> must be an entity.</summary>
internal sealed class IsExpr(Expr operand, string entityType) : Expr(operand)
{
    public override bool TryEvaluate(EvaluationContext context, out Value value)
    {
        if (!operand.TryEvaluate(context, out var v))
        {
            value = default;
            return false;
        }

        if (v.Kind != ValueKind.Entity)
        {
            return EvaluationErrors.TypeError(out value, "an entity", v);
        }

        value = Value.FromBool(string.Equals(v.EntityRef.Type, entityType, StringComparison.Ordinal));
        return true;
    }
}
