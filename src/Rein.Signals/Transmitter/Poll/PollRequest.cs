using System.Text.Json;

namespace Rein.Signals.Transmitter.Poll;

/// <summary>An RFC 8936 §2.1 poll request: <c>maxEvents</c>, <c>returnImmediately</c>, <c>ack</c> and <c>setErrs</c>.</summary>
internal sealed record PollRequest
{
    public const int MaxAcknowledgements = 1000;

    public int? MaxEvents { get; init; }
    public bool ReturnImmediately { get; init; }
    public IReadOnlyList<string> Acknowledged { get; init; } = [];

    /// <summary><c>setErrs</c>: per <c>jti</c>, the receiver's <c>err</c> code.</summary>
    public IReadOnlyDictionary<string, string> Errors { get; init; } = new Dictionary<string, string>();

    public static (PollRequest? Request, string? Error) Parse(JsonElement body)
    {
        var request = new PollRequest();
        if (body.TryGetProperty("maxEvents", out var max) && max.ValueKind != JsonValueKind.Null)
        {
            if (max.ValueKind != JsonValueKind.Number || !max.TryGetInt32(out var n) || n < 0) return (null, "maxEvents must be a non-negative integer.");
            request = request with { MaxEvents = n };
        }
        if (body.TryGetProperty("returnImmediately", out var immediately) && immediately.ValueKind != JsonValueKind.Null)
        {
            if (immediately.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) return (null, "returnImmediately must be true or false.");
            request = request with { ReturnImmediately = immediately.GetBoolean() };
        }
        if (body.TryGetProperty("ack", out var ack) && ack.ValueKind != JsonValueKind.Null)
        {
            if (ack.ValueKind != JsonValueKind.Array || ack.GetArrayLength() > MaxAcknowledgements ||
                ack.EnumerateArray().Any(j => j.ValueKind != JsonValueKind.String || j.GetString()!.Length is 0 or > 64))
            {
                return (null, $"ack must be an array of at most {MaxAcknowledgements} jti strings.");
            }
            request = request with { Acknowledged = ack.EnumerateArray().Select(j => j.GetString()!).ToList() };
        }
        if (body.TryGetProperty("setErrs", out var errs) && errs.ValueKind != JsonValueKind.Null)
        {
            if (errs.ValueKind != JsonValueKind.Object) return (null, "setErrs must be an object keyed by jti.");
            var errors = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var item in errs.EnumerateObject())
            {
                if (errors.Count >= MaxAcknowledgements || item.Name.Length is 0 or > 64 || item.Value.ValueKind != JsonValueKind.Object ||
                    !item.Value.TryGetProperty("err", out var err) || err.ValueKind != JsonValueKind.String)
                {
                    return (null, "each setErrs member must be {\"err\": code, \"description\": text} under a jti.");
                }
                var code = err.GetString()!;
                errors[item.Name] = code.Length > 64 ? code[..64] : code;
            }
            request = request with { Errors = errors };
        }
        return (request, null);
    }
}
