using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

internal sealed class VariableExpr(Variable variable) : Expr
{
    public Variable Variable { get; } = variable;

    public override bool TryEvaluate(EvaluationContext context, out Value value)
    {
        value = Variable switch
        {
            Variable.Principal => context.Principal,
            Variable.Action => context.Action,
            Variable.Resource => context.Resource,
            _ => context.Context,
        };
        return true;
    }
}
