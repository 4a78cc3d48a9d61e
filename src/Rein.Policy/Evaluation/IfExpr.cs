using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

/// <summary><c>if c then a else b</c>: <c>c</c> must be a boolean; only the chosen branch is evaluated.</summary>
internal sealed class IfExpr(Expr condition, Expr then, Expr otherwise) : Expr(condition, then, otherwise)
{
    public override bool TryEvaluate(EvaluationContext context, out Value value)
    {
        if (!condition.TryEvaluate(context, out var c))
        {
            value = default;
            return false;
        }

        if (c.Kind != ValueKind.Bool)
        {
            return EvaluationErrors.TypeError(out value, "a boolean", c);
        }

        return c.Bits != 0 ? then.TryEvaluate(context, out value) : otherwise.TryEvaluate(context, out value);
    }
}
