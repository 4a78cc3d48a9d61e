using Rein.Policy.Values;

namespace Rein.Policy.Evaluation;

/// <summary>
/// Why the last evaluation on this thread failed. Failing is the rare path: the message is recorded in a thread-static
/// field so the successful path carries no error object at all.
/// </summary>
internal static class EvaluationErrors
{
    [ThreadStatic]
    private static string? t_message;

    public static bool Fail(out Value value, string message)
    {
        t_message = message;
        value = default;
        return false;
    }

    public static bool TypeError(out Value value, string expected, in Value actual) =>
        Fail(out value, $"type error: expected {expected}, got {Describe(actual)}");

    public static string Describe(in Value v) => v.Kind switch
    {
        ValueKind.Bool => "a boolean",
        ValueKind.Long => "a Long",
        ValueKind.String => "a string",
        ValueKind.Entity => "an entity",
        ValueKind.Set => "a set",
        ValueKind.Record => "a record",
        ValueKind.Decimal => "a decimal",
        ValueKind.IpAddr => "an ipaddr",
        ValueKind.DateTime => "a datetime",
        ValueKind.Duration => "a duration",
        _ => "nothing",
    };

    /// <summary>Returns and clears the last failure message.</summary>
    public static string Take()
    {
        var m = t_message ?? "evaluation error";
        t_message = null;
        return m;
    }
}
