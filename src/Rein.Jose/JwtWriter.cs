using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Rein.Jose;

/// <summary>Writes signed compact JWTs (RFC 7519) with a <see cref="SigningKey"/>.</summary>
public static class JwtWriter
{
    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        // Note: the output is base64url-encoded, never embedded in HTML, so "+" in "at+jwt" need not be escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    private const int MaxCachedHeaders = 8;

    /// <summary>
    /// Signs a JWT. The header is <c>{"alg":key.Algorithm,"typ":typ,"kid":key.KeyId}</c>, or with
    /// <paramref name="embedPublicJwk"/> <c>{"alg","typ","jwk":public key}</c> and no <c>kid</c>. The claims are
    /// whatever <paramref name="writeClaims"/> writes between the braces of the payload object, which this method
    /// opens and closes.
    /// </summary>
    /// <typeparam name="TState">State passed to the callback, so it need not capture.</typeparam>
    /// <param name="key">The signing key.</param>
    /// <param name="typ">The <c>typ</c> header, e.g. <c>at+jwt</c>.</param>
    /// <param name="state">The callback's state.</param>
    /// <param name="writeClaims">Writes the claims as properties.</param>
    /// <param name="embedPublicJwk">Put the public key in the header instead of the kid (DPoP proofs).</param>
    /// <returns>The compact JWS.</returns>
    public static string Write<TState>(SigningKey key, string typ, TState state, Action<Utf8JsonWriter, TState> writeClaims, bool embedPublicJwk = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(typ);
        ArgumentNullException.ThrowIfNull(writeClaims);

        // Note: JwtWriter runs once per gateway call (transaction tokens) and once per issued token; the header is
        // encoded once per key and typ, and the JSON buffer and writer are reused per thread instead of allocated each
        // time. A callback that itself writes a JWT (nesting) finds the scratch in use and gets fresh ones.
        byte[] header = EncodedHeader(key, typ, embedPublicJwk);
        var scratch = Scratch.Rent();
        try
        {
            var writer = scratch.Writer;
            writer.WriteStartObject();
            writeClaims(writer, state);
            writer.WriteEndObject();

            // Note: the writer validates structure but cannot know which object the callback meant to close last.
            if (writer.CurrentDepth != 0)
            {
                throw new InvalidOperationException("The claims callback left a JSON object or array open.");
            }

            writer.Flush();
            return Sign(key, header, scratch.Buffer.WrittenSpan);
        }
        finally
        {
            Scratch.Return(scratch);
        }
    }

    /// <summary>The base64url header for <paramref name="key"/> and <paramref name="typ"/>, written on first use.</summary>
    private static byte[] EncodedHeader(SigningKey key, string typ, bool embedPublicJwk)
    {
        var cached = Volatile.Read(ref key.EncodedHeaders);
        foreach (var entry in cached)
        {
            if (entry.EmbedsPublicJwk == embedPublicJwk && string.Equals(entry.Type, typ, StringComparison.Ordinal))
            {
                return entry.Base64Url;
            }
        }

        var json = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(json, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("alg"u8, key.Algorithm);
            writer.WriteString("typ"u8, typ);
            if (embedPublicJwk)
            {
                writer.WritePropertyName("jwk"u8);
                key.PublicJwk.WritePublicJwk(writer);
            }
            else
            {
                writer.WriteString("kid"u8, key.KeyId);
            }

            writer.WriteEndObject();
        }

        byte[] encoded = new byte[Base64Url.GetEncodedLength(json.WrittenCount)];
        Base64Url.EncodeToUtf8(json.WrittenSpan, encoded);

        // Note: a key signs a handful of token types; past that (callers inventing typs) nothing more is kept.
        if (cached.Length < MaxCachedHeaders)
        {
            Volatile.Write(ref key.EncodedHeaders, [.. cached, new SigningKey.EncodedHeader(typ, embedPublicJwk, encoded)]);
        }

        return encoded;
    }

    private static string Sign(SigningKey key, ReadOnlySpan<byte> encodedHeader, ReadOnlySpan<byte> payload)
    {
        int signingInputLength = encodedHeader.Length + 1 + Base64Url.GetEncodedLength(payload.Length);
        int totalLength = signingInputLength + 1 + Base64Url.GetEncodedLength(key.SignatureSize);

        byte[] output = ArrayPool<byte>.Shared.Rent(totalLength);
        byte[] signature = ArrayPool<byte>.Shared.Rent(key.SignatureSize);
        try
        {
            encodedHeader.CopyTo(output);
            int position = encodedHeader.Length;
            output[position++] = (byte)'.';
            position += Base64Url.EncodeToUtf8(payload, output.AsSpan(position));
            int signatureLength = key.Sign(output.AsSpan(0, position), signature);
            output[position++] = (byte)'.';
            position += Base64Url.EncodeToUtf8(signature.AsSpan(0, signatureLength), output.AsSpan(position));
            return Encoding.ASCII.GetString(output, 0, position);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(output);
            ArrayPool<byte>.Shared.Return(signature);
        }
    }

    /// <summary>A per-thread JSON buffer and writer, so writing a JWT allocates only the token string.</summary>
    private sealed class Scratch
    {
        // Note: a token larger than this (never one Rein writes) leaves its buffer to the GC rather than pinning it per thread.
        private const int MaxKeptCapacity = 64 * 1024;

        [ThreadStatic]
        private static Scratch? t_cached;

        private Scratch()
        {
            Buffer = new ArrayBufferWriter<byte>(2048);
            Writer = new Utf8JsonWriter(Buffer, s_writerOptions);
        }

        public ArrayBufferWriter<byte> Buffer { get; }

        public Utf8JsonWriter Writer { get; }

        public static Scratch Rent()
        {
            var scratch = t_cached ?? new Scratch();
            t_cached = null;
            return scratch;
        }

        public static void Return(Scratch scratch)
        {
            if (scratch.Buffer.Capacity > MaxKeptCapacity)
            {
                scratch.Writer.Dispose();
                return;
            }

            scratch.Buffer.ResetWrittenCount();
            scratch.Writer.Reset(scratch.Buffer);
            t_cached = scratch;
        }
    }
}
