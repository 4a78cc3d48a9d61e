using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

internal sealed class IsEmptyExpr(Expr operand) : Expr(operand)
{
    public override bool TryEvaluate(EvaluationContext context, out Value value)
    {
        if (!operand.TryEvaluate(context, out var v))
        {
            value = default;
            return false;
        }

        if (v.Kind != ValueKind.Set)
        {
            return EvaluationErrors.TypeError(out value, "a set", v);
        }

        value = Value.FromBool(v.SetRef.Count == 0);
        return true;
    }
}
