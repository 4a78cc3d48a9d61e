using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

/// <summary><c>a &amp;&amp; b</c>: <c>b</c> is evaluated only when <c>a</c> is true; both must be booleans.</summary>
internal sealed class AndExpr(Expr left, Expr right) : Expr(left, right)
{
    public override bool TryEvaluate(EvaluationContext context, out Value value)
    {
        if (!left.TryEvaluate(context, out var l))
        {
            value = default;
            return false;
        }

        if (l.Kind != ValueKind.Bool)
        {
            return EvaluationErrors.TypeError(out value, "a boolean", l);
        }

        if (l.Bits == 0)
        {
            value = Value.False;
            return true;
        }

        if (!right.TryEvaluate(context, out var r))
        {
            value = default;
            return false;
        }

        if (r.Kind != ValueKind.Bool)
        {
            return EvaluationErrors.TypeError(out value, "a boolean", r);
        }

        value = r;
        return true;
    }
}
