using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

internal sealed class IsEmptyExpr(Expr operand) : Expr
{
    public override bool TryEvaluate(EvaluationContext context, out Value value)
    {
        if (!operand.TryEvaluate(context, out var v) || v.Kind != ValueKind.Set)
        {
            value = default;
            return false;
        }

        value = Value.FromBool(v.SetRef.Count == 0);
        return true;
    }
}
