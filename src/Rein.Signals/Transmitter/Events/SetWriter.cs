using System.Security.Cryptography;
using System.Text.Json;
using Rein.Jose;
using Rein.Signals.Events;

namespace Rein.Signals.Transmitter.Events;

/// <summary>
/// Writes Security Event Tokens (RFC 8417 as profiled by SSF 1.0 §4.1): <c>typ secevent+jwt</c>, <c>iss</c>, a fresh
/// <c>jti</c>, <c>iat</c>, the stream's <c>aud</c>, <c>txn</c>, the top-level <c>sub_id</c> and exactly one event. No
/// <c>sub</c> and no <c>exp</c>, so a SET can never pass for another kind of JWT.
/// </summary>
internal static class SetWriter
{
    public readonly record struct Written(string Jti, string Set);

    public static Written Write(SigningKey key, string issuer, string audience, EmittedEvent emitted, DateTimeOffset issuedAt)
    {
        var jti = NewJti();
        var set = JwtWriter.Write(key, SecurityEventTypes.TokenType, (issuer, audience, emitted, jti, issuedAt.ToUnixTimeSeconds()), static (writer, s) =>
        {
            writer.WriteString("iss"u8, s.issuer);
            writer.WriteString("jti"u8, s.jti);
            writer.WriteNumber("iat"u8, s.Item5);
            writer.WriteString("aud"u8, s.audience);
            writer.WriteString("txn"u8, s.emitted.Txn);
            writer.WritePropertyName("sub_id"u8);
            writer.WriteRawValue(s.emitted.Subject.Canonical, skipInputValidation: true);
            writer.WritePropertyName("events"u8);
            writer.WriteStartObject();
            writer.WritePropertyName(s.emitted.Type);
            writer.WriteRawValue(s.emitted.EventJson, skipInputValidation: true);
            writer.WriteEndObject();
        });
        return new Written(jti, set);
    }

    /// <summary>128 random bits, hex: unique per SET, so receivers can deduplicate redeliveries by <c>jti</c>.</summary>
    public static string NewJti()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>An event object's JSON, written once per underlying change and shared by every stream's SET.</summary>
    public static string EventJson(Action<Utf8JsonWriter> writeMembers)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
