using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

internal sealed class LikeExpr(Expr operand, Pattern pattern) : Expr(operand)
{
    public override bool TryEvaluate(EvaluationContext context, out Value value)
    {
        if (!operand.TryEvaluate(context, out var v))
        {
            value = default;
            return false;
        }

        if (v.Kind != ValueKind.String)
        {
            return EvaluationErrors.TypeError(out value, "a string", v);
        }

        value = Value.FromBool(pattern.IsMatch(v.StringRef));
        return true;
    }
}
