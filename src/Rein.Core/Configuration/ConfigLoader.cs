using System.Globalization;
using System.Text;

namespace Rein.Core.Configuration;

/// <summary>
/// Loads <c>rein.yaml</c> (DESIGN §5) into a <see cref="ReinConfig"/>. A load either returns a complete, valid
/// configuration or every error in the file with its path, line and column; it never throws for a bad file and never
/// returns part of one.
/// </summary>
public static class ConfigLoader
{
    /// <summary>The largest file accepted: 4 MiB. Larger input is refused before it is parsed.</summary>
    public const int MaxFileBytes = 4 * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads and loads the file at <paramref name="path"/>; errors name the file as <paramref name="path"/>.</summary>
    public static ConfigLoadResult LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var (text, error) = ReadText(path);
        return text is null ? Fail(path, error!) : Parse(text, path);
    }

    /// <summary>Loads configuration text; errors name the file as <paramref name="sourceName"/>.</summary>
    public static ConfigLoadResult Parse(string yamlText, string sourceName = "rein.yaml")
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(sourceName);
        if (yamlText.Length > MaxFileBytes || Encoding.UTF8.GetByteCount(yamlText) > MaxFileBytes)
        {
            return Fail(sourceName, TooLarge(Encoding.UTF8.GetByteCount(yamlText)));
        }

        var diagnostics = new ConfigDiagnostics(sourceName);
        var root = YamlTreeBuilder.Build(yamlText, diagnostics);
        if (root is null && diagnostics.HasErrors)
        {
            return ConfigLoadResult.Failure(diagnostics.Errors());
        }

        var config = ReinConfigReader.Read(root, diagnostics);
        ConfigValidator.Validate(config, diagnostics);
        return diagnostics.HasErrors ? ConfigLoadResult.Failure(diagnostics.Errors()) : ConfigLoadResult.Success(config);
    }

    private static (string? Text, string? Error) ReadText(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > MaxFileBytes)
            {
                return (null, TooLarge(stream.Length));
            }

            // Note: read at most one byte past the limit, in case the file grows after its length was checked.
            var buffer = new byte[MaxFileBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
            }

            if (length > MaxFileBytes)
            {
                return (null, TooLarge(length));
            }

            var bytes = buffer.AsSpan(0, length);
            if (bytes.StartsWith(Encoding.UTF8.Preamble))
            {
                bytes = bytes[Encoding.UTF8.Preamble.Length..];
            }

            return (StrictUtf8.GetString(bytes), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, "the file is not valid UTF-8");
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return (null, "the file does not exist");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return (null, $"the file cannot be read: {exception.Message}");
        }
    }

    private static string TooLarge(long bytes) => string.Create(
        CultureInfo.InvariantCulture,
        $"the file is {bytes} bytes; the limit is {MaxFileBytes} bytes (4 MiB)");

    private static ConfigLoadResult Fail(string source, string message) =>
        ConfigLoadResult.Failure([new ConfigError(source, "", 0, 0, message)]);
}
