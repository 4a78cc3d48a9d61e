using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

/// <summary><c>e has a</c> on a record or an entity; an entity that does not exist has no attributes.</summary>
internal sealed class HasAttrExpr(Expr operand, string attribute) : Expr(operand)
{
    public override bool TryEvaluate(EvaluationContext context, out Value value)
    {
        if (!operand.TryEvaluate(context, out var v))
        {
            value = default;
            return false;
        }

        if (v.Kind == ValueKind.Record)
        {
            value = Value.FromBool(v.RecordRef.ContainsKey(attribute));
            return true;
        }

        if (v.Kind == ValueKind.Entity)
        {
            value = Value.FromBool(context.Entities.TryGetEntity(v.EntityRef, out var entity) && entity.AttributeRecord.ContainsKey(attribute));
            return true;
        }

        return EvaluationErrors.TypeError(out value, "a record or an entity", v);
    }
}
