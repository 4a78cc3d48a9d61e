using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

/// <summary>Binary operators and the built-in set and tag methods; both operands are always evaluated.</summary>
internal sealed class BinaryExpr(BinaryOp op, Expr left, Expr right) : Expr(left, right)
{
    public BinaryOp Op { get; } = op;

    public Expr Left { get; } = left;

    public Expr Right { get; } = right;

    public override bool TryEvaluate(EvaluationContext context, out Value value)
    {
        if (!Left.TryEvaluate(context, out var l) || !Right.TryEvaluate(context, out var r))
        {
            value = default;
            return false;
        }

        return Apply(Op, l, r, context.Entities, out value);
    }

    public static bool Apply(BinaryOp op, in Value l, in Value r, EntityStore entities, out Value value)
    {
        value = default;
        switch (op)
        {
            case BinaryOp.Eq:
                value = Value.FromBool(l.Equals(r));
                return true;
            case BinaryOp.NotEq:
                value = Value.FromBool(!l.Equals(r));
                return true;
            case BinaryOp.Less:
                return Compare(l, r, (a, b) => a < b, out value);
            case BinaryOp.LessEq:
                return Compare(l, r, (a, b) => a <= b, out value);
            case BinaryOp.Greater:
                return Compare(r, l, (a, b) => a < b, out value);
            case BinaryOp.GreaterEq:
                return Compare(r, l, (a, b) => a <= b, out value);
            case BinaryOp.Add:
            case BinaryOp.Sub:
            case BinaryOp.Mul:
                {
                    if (l.Kind != ValueKind.Long || r.Kind != ValueKind.Long)
                    {
                        return EvaluationErrors.TypeError(out value, "Long operands", l.Kind != ValueKind.Long ? l : r);
                    }

                    long result;
                    bool overflow;
                    if (op == BinaryOp.Add)
                    {
                        result = unchecked(l.Bits + r.Bits);
                        overflow = ((l.Bits ^ result) & (r.Bits ^ result)) < 0;
                    }
                    else if (op == BinaryOp.Sub)
                    {
                        result = unchecked(l.Bits - r.Bits);
                        overflow = ((l.Bits ^ r.Bits) & (l.Bits ^ result)) < 0;
                    }
                    else
                    {
                        var wide = (Int128)l.Bits * r.Bits;
                        overflow = wide > long.MaxValue || wide < long.MinValue;
                        result = (long)wide;
                    }

                    if (overflow)
                    {
                        return EvaluationErrors.Fail(out value, $"integer overflow: {l.Bits} {op} {r.Bits}");
                    }

                    value = Value.FromLong(result);
                    return true;
                }

            case BinaryOp.In:
                return In(l, r, entities, out value);
            case BinaryOp.Contains:
                if (l.Kind != ValueKind.Set)
                {
                    return EvaluationErrors.TypeError(out value, "a set", l);
                }

                value = Value.FromBool(l.SetRef.Contains(r));
                return true;
            case BinaryOp.ContainsAll:
                if (l.Kind != ValueKind.Set || r.Kind != ValueKind.Set)
                {
                    return EvaluationErrors.TypeError(out value, "two sets", l.Kind != ValueKind.Set ? l : r);
                }

                value = Value.FromBool(l.SetRef.ContainsAll(r.SetRef));
                return true;
            case BinaryOp.ContainsAny:
                if (l.Kind != ValueKind.Set || r.Kind != ValueKind.Set)
                {
                    return EvaluationErrors.TypeError(out value, "two sets", l.Kind != ValueKind.Set ? l : r);
                }

                value = Value.FromBool(l.SetRef.ContainsAny(r.SetRef));
                return true;
            case BinaryOp.GetTag:
                {
                    if (l.Kind != ValueKind.Entity || r.Kind != ValueKind.String)
                    {
                        return EvaluationErrors.TypeError(out value, "an entity and a string tag", l.Kind != ValueKind.Entity ? l : r);
                    }

                    if (!entities.TryGetEntity(l.EntityRef, out var entity))
                    {
                        return EvaluationErrors.Fail(out value, $"entity {l.EntityRef} does not exist");
                    }

                    return entity.TagRecord.TryGetValue(r.StringRef, out value)
                        || EvaluationErrors.Fail(out value, $"entity {l.EntityRef} has no tag {r.StringRef}");
                }

            case BinaryOp.HasTag:
                {
                    if (l.Kind != ValueKind.Entity || r.Kind != ValueKind.String)
                    {
                        return EvaluationErrors.TypeError(out value, "an entity and a string tag", l.Kind != ValueKind.Entity ? l : r);
                    }

                    value = Value.FromBool(entities.TryGetEntity(l.EntityRef, out var entity) && entity.TagRecord.ContainsKey(r.StringRef));
                    return true;
                }

            default:
                return false;
        }
    }

    private static bool Compare(in Value l, in Value r, Func<long, long, bool> compare, out Value value)
    {
        // Note: Long with Long; datetime and duration (the extension types with operator overloading) with their own kind.
        if (l.Kind == r.Kind && (l.Kind == ValueKind.Long || l.Kind == ValueKind.DateTime || l.Kind == ValueKind.Duration))
        {
            value = Value.FromBool(compare(l.Bits, r.Bits));
            return true;
        }

        return EvaluationErrors.Fail(out value, $"type error: cannot compare {EvaluationErrors.Describe(l)} with {EvaluationErrors.Describe(r)}");
    }

    private static bool In(in Value l, in Value r, EntityStore entities, out Value value)
    {
        value = default;
        if (l.Kind != ValueKind.Entity)
        {
            return EvaluationErrors.TypeError(out value, "an entity on the left of 'in'", l);
        }

        var uid = l.EntityRef;
        if (r.Kind == ValueKind.Entity)
        {
            value = Value.FromBool(entities.IsInOrEqual(uid, r.EntityRef));
            return true;
        }

        if (r.Kind != ValueKind.Set)
        {
            return EvaluationErrors.TypeError(out value, "an entity or a set of entities on the right of 'in'", r);
        }

        var items = r.SetRef.Items;
        foreach (var item in items)
        {
            if (item.Kind != ValueKind.Entity)
            {
                return EvaluationErrors.TypeError(out value, "a set of entities on the right of 'in'", item);
            }
        }

        foreach (var item in items)
        {
            if (entities.IsInOrEqual(uid, item.EntityRef))
            {
                value = Value.True;
                return true;
            }
        }

        value = Value.False;
        return true;
    }
}
