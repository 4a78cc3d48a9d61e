using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

internal sealed class LikeExpr(Expr operand, Pattern pattern) : Expr
{
    public override bool TryEvaluate(EvaluationContext context, out Value value)
    {
        if (!operand.TryEvaluate(context, out var v) || v.Kind != ValueKind.String)
        {
            value = default;
            return false;
        }

        value = Value.FromBool(pattern.IsMatch(v.StringRef));
        return true;
    }
}
