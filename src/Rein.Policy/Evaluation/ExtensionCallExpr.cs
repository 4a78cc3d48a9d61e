using Rein.Policy.Extensions;
using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

/// <summary>An extension function or method call; arguments (a method's receiver first) are evaluated left to right.</summary>
internal sealed class ExtensionCallExpr(ExtensionFunction function, Expr[] arguments) : Expr(arguments)
{
    public ExtensionFunction Function { get; } = function;

    public Expr[] Arguments { get; } = arguments;

    public override bool TryEvaluate(EvaluationContext context, out Value value)
    {
        var buffer = default(ValueBuffer);
        Span<Value> args = Arguments.Length <= 4 ? ((Span<Value>)buffer)[..Arguments.Length] : new Value[Arguments.Length];
        for (var i = 0; i < Arguments.Length; i++)
        {
            if (!Arguments[i].TryEvaluate(context, out args[i]))
            {
                value = default;
                return false;
            }
        }

        return ExtensionFunctions.TryCall(Function, args, out value)
            || EvaluationErrors.Fail(out value, $"extension function {Function} failed on ({string.Join(", ", args.ToArray())})");
    }
}
