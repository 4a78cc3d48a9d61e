using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
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

    private readonly Dictionary<string, StringValues> _values;

    private OAuthForm(Dictionary<string, StringValues> values) => _values = values;

    public string? this[string name] => _values.TryGetValue(name, out var v) ? v.ToString() : null;

    public StringValues GetAll(string name) => _values.TryGetValue(name, out var v) ? v : StringValues.Empty;

    /// <summary>Reads the form; returns null with an error description when the body is not acceptable.</summary>
    public static async Task<(OAuthForm? Form, string? Error)> ReadAsync(HttpRequest request, IReadOnlySet<string> repeatable, CancellationToken cancellationToken)
    {
        if (!HttpMethods.IsPost(request.Method)) return (null, "the request must be a POST");
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ||
            !contentType.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "the request body must be application/x-www-form-urlencoded");
        }
        if (request.ContentLength > MaxBodyBytes) return (null, "the request body is too large");
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        var values = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var reader = new FormReader(request.Body)
            {
                ValueCountLimit = 64,
                KeyLengthLimit = 128,
                // Larger than any single value we accept, so each endpoint's own limit (and its error) applies.
                ValueLengthLimit = 32 * 1024,
            };
            var pairs = 0;
            var total = 0L;
            while (await reader.ReadNextPairAsync(cts.Token).ConfigureAwait(false) is { } pair)
            {
                total += pair.Key.Length + pair.Value.Length;
                if (++pairs > 64 || total > MaxBodyBytes) return (null, "the request body is too large");
                if (values.TryGetValue(pair.Key, out var existing))
                {
                    if (!repeatable.Contains(pair.Key)) return (null, "a parameter is repeated");
                    values[pair.Key] = StringValues.Concat(existing, pair.Value);
                }
                else
                {
                    values[pair.Key] = pair.Value;
                }
            }
        }
        catch (InvalidDataException)
        {
            return (null, "the request body is malformed or exceeds a limit");
        }
        catch (BadHttpRequestException)
        {
            return (null, "the request body is too large");
        }

        // Note: an empty value is treated as absent (RFC 6749 §3.1).
        foreach (var key in values.Where(p => StringValues.IsNullOrEmpty(p.Value)).Select(p => p.Key).ToList())
        {
            values.Remove(key);
        }
        return (new OAuthForm(values), null);
    }
}
