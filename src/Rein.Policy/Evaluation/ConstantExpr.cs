using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

internal sealed class ConstantExpr(Value value) : Expr
{
    public Value Value { get; } = value;

    public override bool IsConstant => true;

    public override bool TryEvaluate(EvaluationContext context, out Value value)
    {
        value = Value;
        return true;
    }
}
