using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace Rein.Jose.DPoP;

/// <summary>
/// Stateless server-provided DPoP nonces (RFC 9449 §8): base64url(HMAC-SHA256(secret, time bucket)). A nonce is
/// accepted during its bucket and the one after, so every nonce lives between one and two lifetimes.
/// </summary>
public sealed class DPoPNonces
{
    private const int MinSecretLength = 32;
    private const int NonceLength = 43; // base64url of 32 bytes

    private readonly byte[] _secret;
    private readonly TimeProvider _time;
    private readonly long _bucketTicks;
    private Tuple<long, string>? _current;
    private Tuple<long, byte[]>? _accepted;

    /// <summary>Creates a nonce source.</summary>
    /// <param name="secret">At least 32 random bytes, shared by every server instance that must accept the nonces.</param>
    /// <param name="time">The clock.</param>
    /// <param name="lifetime">The bucket length; positive.</param>
    public DPoPNonces(ReadOnlySpan<byte> secret, TimeProvider time, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (secret.Length < MinSecretLength)
        {
            throw new ArgumentException("The nonce secret must be at least 32 bytes.", nameof(secret));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        _secret = secret.ToArray();
        _time = time;
        _bucketTicks = lifetime.Ticks;
    }

    /// <summary>The nonce to hand out now (in a <c>DPoP-Nonce</c> header).</summary>
    public string Current()
    {
        long bucket = CurrentBucket();
        Tuple<long, string>? cached = Volatile.Read(ref _current);
        if (cached is not null && cached.Item1 == bucket)
        {
            return cached.Item2;
        }

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Compute(bucket, mac);
        string nonce = Base64Url.EncodeToString(mac);
        Volatile.Write(ref _current, Tuple.Create(bucket, nonce));
        return nonce;
    }

    /// <summary>True when <paramref name="nonce"/> is the nonce of the current or the previous bucket (compared in constant time).</summary>
    /// <param name="nonce">The proof's <c>nonce</c> claim.</param>
    public bool IsValid(string? nonce)
    {
        if (nonce is null || nonce.Length != NonceLength)
        {
            return false;
        }

        Span<byte> presented = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (!StrictBase64Url.TryDecode(nonce, presented, out int written) || written != presented.Length)
        {
            return false;
        }

        // Note: the MACs of the current and the previous bucket change once per lifetime; they are computed then, not
        // twice per proof. Both are still compared in constant time, every time.
        byte[] accepted = AcceptedMacs(CurrentBucket());
        bool current = CryptographicOperations.FixedTimeEquals(presented, accepted.AsSpan(0, HMACSHA256.HashSizeInBytes));
        bool previous = CryptographicOperations.FixedTimeEquals(presented, accepted.AsSpan(HMACSHA256.HashSizeInBytes));
        return current | previous;
    }

    private byte[] AcceptedMacs(long bucket)
    {
        Tuple<long, byte[]>? cached = Volatile.Read(ref _accepted);
        if (cached is not null && cached.Item1 == bucket)
        {
            return cached.Item2;
        }

        byte[] macs = new byte[2 * HMACSHA256.HashSizeInBytes];
        Compute(bucket, macs.AsSpan(0, HMACSHA256.HashSizeInBytes));
        Compute(bucket - 1, macs.AsSpan(HMACSHA256.HashSizeInBytes));
        Volatile.Write(ref _accepted, Tuple.Create(bucket, macs));
        return macs;
    }

    private long CurrentBucket() => _time.GetUtcNow().UtcTicks / _bucketTicks;

    private void Compute(long bucket, Span<byte> destination)
    {
        Span<byte> message = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(message, bucket);
        HMACSHA256.HashData(_secret, message, destination);
    }
}
