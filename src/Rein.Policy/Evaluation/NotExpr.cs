using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

internal sealed class NotExpr(Expr operand) : Expr(operand)
{
    public override bool TryEvaluate(EvaluationContext context, out Value value)
    {
        if (!operand.TryEvaluate(context, out var v))
        {
            value = default;
            return false;
        }

        if (v.Kind != ValueKind.Bool)
        {
            return EvaluationErrors.TypeError(out value, "a boolean", v);
        }

        value = v.Bits != 0 ? Value.False : Value.True;
        return true;
    }
}
