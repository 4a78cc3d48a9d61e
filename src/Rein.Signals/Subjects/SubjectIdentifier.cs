using System.Text.Json;

namespace Rein.Signals.Subjects;

/// <summary>
/// A subject identifier (RFC 9493 §3, SSF 1.0 §3): a JSON object whose <c>format</c> member names the set of members
/// that identify the subject. Immutable; read one with <see cref="SubjectIdentifierReader"/>, write it back with
/// <see cref="WriteTo"/>.
/// </summary>
public abstract record SubjectIdentifier
{
    /// <summary>The <c>format</c> member: a name from the RFC 9493 registry, an SSF format, or a proprietary one.</summary>
    public abstract string Format { get; }

    /// <summary>Writes the identifier as a JSON object, <c>format</c> first.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("format", Format);
        WriteMembers(writer);
        writer.WriteEndObject();
    }

    // Note: the text is JSON for machines, never embedded in HTML; minimal escaping keeps '+' and '&' as sent.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The identifier as compact JSON text.</summary>
    public string ToJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteTo(writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes every member but <c>format</c>.</summary>
    protected abstract void WriteMembers(Utf8JsonWriter writer);
}
