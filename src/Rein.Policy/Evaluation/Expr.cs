using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

/// <summary>
/// A compiled Cedar expression. Evaluation reports failure (a Cedar evaluation error) by returning false,
/// never by throwing, so an erroring policy costs no exception.
/// </summary>
internal abstract class Expr
{
    public abstract bool TryEvaluate(EvaluationContext context, out Value value);

    /// <summary>A value known without a request, when the expression is a constant.</summary>
    public virtual bool IsConstant => false;
}
