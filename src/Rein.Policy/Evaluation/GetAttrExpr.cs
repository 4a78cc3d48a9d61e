using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

/// <summary><c>e.a</c> / <c>e["a"]</c> on a record or an entity; a missing attribute or entity is an error.</summary>
internal sealed class GetAttrExpr(Expr operand, string attribute) : Expr(operand)
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
            return v.RecordRef.TryGetValue(attribute, out value)
                || EvaluationErrors.Fail(out value, $"the record has no attribute {attribute}");
        }

        if (v.Kind == ValueKind.Entity)
        {
            if (!context.Entities.TryGetEntity(v.EntityRef, out var entity))
            {
                return EvaluationErrors.Fail(out value, $"entity {v.EntityRef} does not exist");
            }

            return entity.AttributeRecord.TryGetValue(attribute, out value)
                || EvaluationErrors.Fail(out value, $"entity {v.EntityRef} has no attribute {attribute}");
        }

        return EvaluationErrors.TypeError(out value, "a record or an entity", v);
    }
}
