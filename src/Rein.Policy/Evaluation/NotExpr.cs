using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

internal sealed class NotExpr(Expr operand) : Expr
{
    public override bool TryEvaluate(EvaluationContext context, out Value value)
    {
        if (!operand.TryEvaluate(context, out var v) || v.Kind != ValueKind.Bool)
        {
            value = default;
            return false;
        }

        value = v.Bits != 0 ? Value.False : Value.True;
        return true;
    }
}
