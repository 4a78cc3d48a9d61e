using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Rein.Broker.ClientAuthentication;

/// <summary>
/// Reads <c>iss</c> and <c>sub</c> from a JWT payload BEFORE its signature is checked, only to choose which keys
/// to check it with. Nothing read here is trusted: the same values are re-read from the verified payload.
/// </summary>
internal static class UnverifiedClaims
{
    public static bool TryRead(string jwt, int maxLength, out string? issuer, out string? subject)
    {
        issuer = null;
        subject = null;
        if (jwt.Length > maxLength) return false;
        var first = jwt.IndexOf('.', StringComparison.Ordinal);
        var second = first < 0 ? -1 : jwt.IndexOf('.', first + 1);
        if (first < 0 || second < 0) return false;
        var encoded = jwt.AsSpan(first + 1, second - first - 1);

        var rented = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(encoded.Length));
        try
        {
            if (Base64Url.DecodeFromChars(encoded, rented, out _, out var written) != OperationStatus.Done) return false;
            var reader = new Utf8JsonReader(rented.AsSpan(0, written));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isIss = reader.ValueTextEquals("iss"u8);
                var isSub = !isIss && reader.ValueTextEquals("sub"u8);
                if (!reader.Read()) return false;
                if ((isIss || isSub) && reader.TokenType == JsonTokenType.String)
                {
                    if (isIss) issuer = reader.GetString();
                    else subject = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
