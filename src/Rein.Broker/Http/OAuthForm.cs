using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Rein.Broker.Http;

/// <summary>
/// Reads an <c>application/x-www-form-urlencoded</c> OAuth request body with limits applied before parsing, and
/// refuses repeated parameters (RFC 6749 §3.2) except where a spec allows them.
/// </summary>
internal sealed class OAuthForm
{
    /// <summary>Largest request body the OAuth endpoints accept.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Most parameters in one body.</summary>
    public const int MaxPairs = 64;

    /// <summary>Longest parameter name, as sent (still percent-encoded).</summary>
    public const int MaxKeyLength = 128;

    /// <summary>
    /// Longest parameter value, as sent: larger than any single value an endpoint accepts, so each endpoint's own
    /// limit (and its error) applies.
    /// </summary>
    public const int MaxValueLength = 32 * 1024;

    private const string Malformed = "the request body is malformed or exceeds a limit";
    private const string TooLarge = "the request body is too large";

    // Note: the parameter names of the OAuth endpoints, so the common ones cost no string per request.
    private static readonly string[] KnownNames =
    [
        "grant_type", "client_id", "client_assertion_type", "client_assertion", "resource", "scope", "audience",
        "subject_token", "subject_token_type", "actor_token", "actor_token_type", "requested_token_type",
        "authorization_details", "approval_id", "token", "token_type_hint",
    ];

    private readonly Dictionary<string, StringValues> _values;

    private OAuthForm(Dictionary<string, StringValues> values) => _values = values;

    public string? this[string name] => _values.TryGetValue(name, out var v) ? v.ToString() : null;

    public StringValues GetAll(string name) => _values.TryGetValue(name, out var v) ? v : StringValues.Empty;

    /// <summary>Reads the form; returns null with an error description when the body is not acceptable.</summary>
    public static async Task<(OAuthForm? Form, string? Error)> ReadAsync(HttpRequest request, IReadOnlySet<string> repeatable, CancellationToken cancellationToken)
    {
        if (!HttpMethods.IsPost(request.Method)) return (null, "the request must be a POST");
        if (!IsFormContentType(request.ContentType))
        {
            return (null, "the request body must be application/x-www-form-urlencoded");
        }
        if (request.ContentLength > MaxBodyBytes) return (null, TooLarge);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        var reader = request.BodyReader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (buffer.Length > MaxBodyBytes)
                {
                    reader.AdvanceTo(buffer.End);
                    return (null, TooLarge);
                }
                if (result.IsCanceled)
                {
                    reader.AdvanceTo(buffer.End);
                    return (null, Malformed);
                }
                if (result.IsCompleted)
                {
                    var parsed = Parse(buffer, repeatable);
                    reader.AdvanceTo(buffer.End);
                    return parsed;
                }
                // Note: nothing consumed, everything examined: wait for the rest of the body.
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (BadHttpRequestException)
        {
            return (null, TooLarge);
        }
    }

    /// <summary>
    /// <c>application/x-www-form-urlencoded</c>, with optional parameters (<c>; charset=UTF-8</c>), and nothing that
    /// merely starts like it.
    /// </summary>
    private static bool IsFormContentType(string? contentType)
    {
        const string Form = "application/x-www-form-urlencoded";
        if (contentType is null) return false;
        if (contentType.Length == Form.Length) return contentType.Equals(Form, StringComparison.OrdinalIgnoreCase);
        return Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed) &&
            parsed.MediaType.Equals(Form, StringComparison.OrdinalIgnoreCase);
    }

    private static (OAuthForm? Form, string? Error) Parse(ReadOnlySequence<byte> body, IReadOnlySet<string> repeatable)
    {
        if (body.IsSingleSegment) return Parse(body.FirstSpan, repeatable);
        var length = (int)body.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            body.CopyTo(rented);
            return Parse(rented.AsSpan(0, length), repeatable);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Parses the body (HTML's urlencoded parser: pairs split on <c>&amp;</c>, name and value on the first <c>=</c>,
    /// <c>+</c> is a space, <c>%XX</c> a byte, the bytes UTF-8). Malformed percent-escapes are kept as they are, as
    /// the HTML parser does; bytes that are not UTF-8 make the body malformed.
    /// </summary>
    internal static (OAuthForm? Form, string? Error) Parse(ReadOnlySpan<byte> body, IReadOnlySet<string> repeatable)
    {
        var values = new Dictionary<string, StringValues>(8, StringComparer.Ordinal);
        var pairs = 0;
        var anyEmpty = false;
        while (!body.IsEmpty)
        {
            var amp = body.IndexOf((byte)'&');
            var pair = amp < 0 ? body : body[..amp];
            body = amp < 0 ? default : body[(amp + 1)..];
            if (pair.IsEmpty) continue;

            if (++pairs > MaxPairs) return (null, Malformed);
            var eq = pair.IndexOf((byte)'=');
            var rawKey = eq < 0 ? pair : pair[..eq];
            var rawValue = eq < 0 ? default : pair[(eq + 1)..];
            if (rawKey.Length > MaxKeyLength || rawValue.Length > MaxValueLength) return (null, Malformed);

            var key = Known(rawKey) ?? Decode(rawKey);
            var value = Decode(rawValue);
            if (key is null || value is null) return (null, Malformed);
            if (value.Length == 0) anyEmpty = true;

            if (values.TryGetValue(key, out var existing))
            {
                if (!repeatable.Contains(key)) return (null, "a parameter is repeated");
                values[key] = StringValues.Concat(existing, value);
            }
            else
            {
                values[key] = value;
            }
        }

        if (anyEmpty)
        {
            // Note: an empty value is treated as absent (RFC 6749 §3.1).
            List<string>? empty = null;
            foreach (var (key, value) in values)
            {
                if (StringValues.IsNullOrEmpty(value)) (empty ??= []).Add(key);
            }
            if (empty is not null)
            {
                foreach (var key in empty) values.Remove(key);
            }
        }
        return (new OAuthForm(values), null);
    }

    private static string? Known(ReadOnlySpan<byte> rawKey)
    {
        foreach (var name in KnownNames)
        {
            if (name.Length == rawKey.Length && Ascii.Equals(rawKey, name)) return name;
        }
        return null;
    }

    /// <summary>Decodes one name or value; null when the decoded bytes are not UTF-8.</summary>
    private static string? Decode(ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty) return string.Empty;
        if (raw.IndexOfAny((byte)'%', (byte)'+') < 0)
        {
            return Utf8.IsValid(raw) ? Encoding.UTF8.GetString(raw) : null;
        }

        var rented = raw.Length <= 256 ? null : ArrayPool<byte>.Shared.Rent(raw.Length);
        Span<byte> decoded = rented ?? stackalloc byte[256];
        try
        {
            var written = 0;
            for (var i = 0; i < raw.Length; i++)
            {
                var b = raw[i];
                if (b == '+')
                {
                    b = (byte)' ';
                }
                else if (b == '%' && i + 2 < raw.Length && HexValue(raw[i + 1]) is var high and >= 0 && HexValue(raw[i + 2]) is var low and >= 0)
                {
                    b = (byte)((high << 4) | low);
                    i += 2;
                }
                decoded[written++] = b;
            }
            var result = decoded[..written];
            return Utf8.IsValid(result) ? Encoding.UTF8.GetString(result) : null;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
