using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

/// <summary>
/// A compiled Cedar expression. Evaluation reports failure (a Cedar evaluation error) by returning false,
/// never by throwing, so an erroring policy costs no exception.
/// </summary>
internal abstract class Expr
{
    /// <summary>The deepest expression tree accepted; evaluation recurses once per level, so this bounds its stack.</summary>
    public const int MaxDepth = 1000;

    protected Expr(params ReadOnlySpan<Expr> children)
    {
        var depth = 0;
        foreach (var child in children)
        {
            depth = Math.Max(depth, child.Depth);
        }

        Depth = depth + 1;
        if (Depth > MaxDepth)
        {
            throw new PolicyParseException($"the expression is nested more than {MaxDepth} levels deep");
        }
    }

    /// <summary>The height of this expression tree (a leaf is 1).</summary>
    public int Depth { get; }

    public abstract bool TryEvaluate(EvaluationContext context, out Value value);

    /// <summary>A value known without a request, when the expression is a constant.</summary>
    public virtual bool IsConstant => false;
}
