using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Rein.Core.Tokens;

/// <summary>
/// The lookup hash of the access token in a request's <c>Authorization</c> header, remembered per HTTP/1.x
/// connection. Kestrel hands out the same string instance for a header whose bytes did not change since the
/// connection's previous request (header string reuse), so an agent calling a tool again and again with one token pays
/// the token's SHA-256 once per connection instead of once per request. A different instance is hashed afresh: two
/// references to one string cannot have different contents, and nothing else is assumed.
/// </summary>
internal static class ConnectionTokenHash
{
    private static readonly object Key = new();

    public static ValidatedTokenCache.TokenHash Of(HttpRequest request, string header, ReadOnlySpan<char> token)
    {
        // Note: HTTP/2 and HTTP/3 streams of one connection run concurrently and share its items; only HTTP/1.x
        // requests follow each other on a connection.
        var items = HttpProtocol.IsHttp11(request.Protocol) || HttpProtocol.IsHttp10(request.Protocol)
            ? request.HttpContext.Features.Get<IConnectionItemsFeature>()?.Items
            : null;
        if (items is null) return ValidatedTokenCache.TokenHash.Of(token);

        if (items.TryGetValue(Key, out var value) && value is Memo last && ReferenceEquals(last.Header, header))
        {
            return last.Hash;
        }
        var hash = ValidatedTokenCache.TokenHash.Of(token);
        items[Key] = new Memo(header, hash);
        return hash;
    }

    private sealed record Memo(string Header, ValidatedTokenCache.TokenHash Hash);
}
