using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

/// <summary>Unary <c>-</c> on a Long; negating <c>long.MinValue</c> overflows and is an error.</summary>
internal sealed class NegateExpr(Expr operand) : Expr(operand)
{
    public override bool TryEvaluate(EvaluationContext context, out Value value)
    {
        if (!operand.TryEvaluate(context, out var v))
        {
            value = default;
            return false;
        }

        if (v.Kind != ValueKind.Long)
        {
            return EvaluationErrors.TypeError(out value, "a Long", v);
        }

        if (v.Bits == long.MinValue)
        {
            return EvaluationErrors.Fail(out value, "integer overflow: -(" + v.Bits + ")");
        }

        value = Value.FromLong(-v.Bits);
        return true;
    }
}
