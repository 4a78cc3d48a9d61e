using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

/// <summary>Unary <c>-</c> on a Long; negating <c>long.MinValue</c> overflows and is an error.</summary>
internal sealed class NegateExpr(Expr operand) : Expr
{
    public override bool TryEvaluate(EvaluationContext context, out Value value)
    {
        if (!operand.TryEvaluate(context, out var v) || v.Kind != ValueKind.Long || v.Bits == long.MinValue)
        {
            value = default;
            return false;
        }

        value = Value.FromLong(-v.Bits);
        return true;
    }
}
