using System.Text;
using System.Text.Json;

namespace Rein.Signals.Receiver;

/// <summary>The RFC 8935 §2.3 / RFC 8936 §2.4.4 error object <c>{"err":…,"description":…}</c>.</summary>
internal static class SetErrorJson
{
    public static string Write(string error, string description)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, error, description);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void Write(Utf8JsonWriter writer, string error, string description)
    {
        writer.WriteStartObject();
        writer.WriteString("err", error);
        writer.WriteString("description", description);
        writer.WriteEndObject();
    }
}
