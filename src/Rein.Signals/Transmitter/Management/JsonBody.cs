using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Rein.Signals.Transmitter.Management;

/// <summary>Reads a management or poll request's JSON object, size-checked before parsing.</summary>
internal static class JsonBody
{
    public const int MaxBytes = 64 * 1024;

    public readonly record struct Read(JsonDocument? Document, IResult? Error);

    public static async Task<Read> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return new Read(null, ManagementResults.BadRequest("The body must be JSON (application/json)."));
        }
        if (request.ContentLength is > MaxBytes) return new Read(null, ManagementResults.BadRequest("The body is too large."));

        // Note: the parsed document refers to this buffer, so it is not pooled; it is sized to the request when known.
        var buffer = new byte[request.ContentLength is { } length ? length + 1 : MaxBytes + 1];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await request.Body.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0) break;
            read += n;
        }
        if (read > MaxBytes || (request.ContentLength is { } declared && read > declared)) return new Read(null, ManagementResults.BadRequest("The body is too large."));
        try
        {
            var document = JsonDocument.Parse(buffer.AsMemory(0, read), new JsonDocumentOptions { MaxDepth = 16 });
            if (document.RootElement.ValueKind == JsonValueKind.Object) return new Read(document, null);
            document.Dispose();
            return new Read(null, ManagementResults.BadRequest("The body must be a JSON object."));
        }
        catch (JsonException)
        {
            return new Read(null, ManagementResults.BadRequest("The body is not valid JSON."));
        }
    }

    /// <summary>A string member, null when absent; <paramref name="error"/> set when present but not a string.</summary>
    public static string? String(JsonElement body, string name, out bool wrongType)
    {
        wrongType = false;
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        wrongType = true;
        return null;
    }
}
