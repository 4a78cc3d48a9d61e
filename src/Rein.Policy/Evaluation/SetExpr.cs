using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

internal sealed class SetExpr(Expr[] elements) : Expr(elements)
{
    public Expr[] Elements { get; } = elements;

    public override bool TryEvaluate(EvaluationContext context, out Value value)
    {
        var values = new Value[Elements.Length];
        for (var i = 0; i < Elements.Length; i++)
        {
            if (!Elements[i].TryEvaluate(context, out values[i]))
            {
                value = default;
                return false;
            }
        }

        value = Value.FromSet(SetValue.Create(values));
        return true;
    }
}
