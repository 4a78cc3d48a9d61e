using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

/// <summary><c>e.a</c> / <c>e["a"]</c> on a record or an entity; a missing attribute or entity is an error.</summary>
internal sealed class GetAttrExpr(Expr operand, string attribute) : Expr
{
    public override bool TryEvaluate(EvaluationContext context, out Value value)
    {
        if (operand.TryEvaluate(context, out var v))
        {
            if (v.Kind == ValueKind.Record)
            {
                return v.RecordRef.TryGetValue(attribute, out value);
            }

            if (v.Kind == ValueKind.Entity && context.Entities.TryGetEntity(v.EntityRef, out var entity))
            {
                return entity.AttributeRecord.TryGetValue(attribute, out value);
            }
        }

        value = default;
        return false;
    }
}
