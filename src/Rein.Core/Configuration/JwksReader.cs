using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Rein.Core.Configuration;

/// <summary>
/// Converts a YAML <c>jwks:</c> value into canonical JSON text: mappings become objects with their members in ordinal
/// order, lists become arrays, scalars become strings (JWK members are strings or arrays of strings) and YAML null
/// becomes JSON null. The shape (a non-empty <c>keys</c> list of public JWKs) is checked by the validator.
/// </summary>
internal static class JwksReader
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Note: the text is never embedded in HTML; relaxed escaping keeps base64 '+' in x5c readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Reads the field <paramref name="key"/> of <paramref name="fields"/>; <see langword="null"/> when it is absent or
    /// not a mapping (the latter is reported).
    /// </summary>
    public static string? Read(MappingReader fields, string key)
    {
        var node = fields.Node(key);
        if (node is null)
        {
            return null;
        }

        var path = fields.PathOf(key);
        if (node is not SourceMapping)
        {
            fields.Diagnostics.ReportUnreadable(
                path,
                node,
                $"expected a JWKS mapping such as {{ keys: [ {{ kty: EC, crv: P-256, x: ..., y: ... }} ] }}, found {Quote.Kind(node)}");
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, node, path, fields.Diagnostics);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, SourceNode? node, string path, ConfigDiagnostics diagnostics)
    {
        switch (node)
        {
            case null or SourceScalar { IsNull: true }:
                writer.WriteNullValue();
                break;
            case SourceScalar scalar:
                writer.WriteStringValue(scalar.Value);
                break;
            case SourceSequence sequence:
                writer.WriteStartArray();
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    var itemPath = ConfigPath.Index(path, i);
                    diagnostics.Track(itemPath, sequence.Items[i]);
                    Write(writer, sequence.Items[i], itemPath, diagnostics);
                }

                writer.WriteEndArray();
                break;
            case SourceMapping:
                var members = MappingReader.Open(node, path, diagnostics, knownKeys: null);
                writer.WriteStartObject();
                foreach (var key in members.Keys.Order(StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, members.Node(key), members.PathOf(key), diagnostics);
                }

                writer.WriteEndObject();
                break;
        }
    }
}
