using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

/// <summary><c>a &amp;&amp; b</c>: <c>b</c> is evaluated only when <c>a</c> is true; both must be booleans.</summary>
internal sealed class AndExpr(Expr left, Expr right) : Expr
{
    public override bool TryEvaluate(EvaluationContext context, out Value value)
    {
        if (!left.TryEvaluate(context, out var l) || l.Kind != ValueKind.Bool)
        {
            value = default;
            return false;
        }

        if (l.Bits == 0)
        {
            value = Value.False;
            return true;
        }

        if (!right.TryEvaluate(context, out var r) || r.Kind != ValueKind.Bool)
        {
            value = default;
            return false;
        }

        value = r;
        return true;
    }
}
