using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

internal sealed class RecordExpr(string[] keys, Expr[] values) : Expr(values)
{
    public string[] Keys { get; } = keys;

    public Expr[] Values { get; } = values;

    public override bool TryEvaluate(EvaluationContext context, out Value value)
    {
        var map = new Dictionary<string, Value>(Keys.Length, StringComparer.Ordinal);
        for (var i = 0; i < Keys.Length; i++)
        {
            if (!Values[i].TryEvaluate(context, out var v))
            {
                value = default;
                return false;
            }

            map[Keys[i]] = v;
        }

        value = Value.FromRecord(new RecordValue(map));
        return true;
    }
}
