using System.Buffers.Text;
using System.Security.Cryptography;

namespace Rein.Jose;

/// <summary>
/// New <c>jti</c> values (RFC 7519 §4.1.7): 128 bits from the system CSPRNG, base64url without padding (22 characters).
/// </summary>
/// <remarks>
/// Each thread draws random bytes in blocks and hands them out 16 at a time, because one CSPRNG call per token is a
/// measurable share of issuing it (OpenSSL's DRBG takes a lock and does its own bookkeeping on every call). A block is
/// still CSPRNG output, used once and in order. This is only for identifiers that end up in the open (inside a signed
/// token or event); keys, nonces and anything secret come straight from <see cref="RandomNumberGenerator"/>.
/// </remarks>
public static class JwtIds
{
    private const int IdBytes = 16;
    private const int BlockBytes = 32 * IdBytes;

    [ThreadStatic]
    private static byte[]? t_block;

    [ThreadStatic]
    private static int t_used;

    /// <summary>Length of every id this class returns.</summary>
    public static int Length { get; } = Base64Url.GetEncodedLength(IdBytes);

    /// <summary>A fresh, unpredictable id, never returned before.</summary>
    public static string New()
    {
        byte[]? block = t_block;
        int used = t_used;
        if (block is null || used == BlockBytes)
        {
            block ??= t_block = new byte[BlockBytes];
            RandomNumberGenerator.Fill(block);
            used = 0;
        }

        ReadOnlySpan<byte> id = block.AsSpan(used, IdBytes);
        string encoded = Base64Url.EncodeToString(id);
        // Note: wipe what was handed out, so the block only ever holds ids not yet issued.
        block.AsSpan(used, IdBytes).Clear();
        t_used = used + IdBytes;
        return encoded;
    }
}
