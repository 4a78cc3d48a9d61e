using System.Globalization;
using System.Text;

namespace Rein.Core.Configuration;

/// <summary>
/// One problem in a configuration: where it is (the path of the field in the file, and its line and column) and what is
/// wrong. Rendered like a compiler diagnostic: <c>rein.yaml:12:7 agents[0].tools.tickets[1]: unknown action 'tickets.delete'</c>.
/// </summary>
public sealed class ConfigError
{
    /// <summary>Creates an error.</summary>
    /// <param name="source">The file name the error is in, or empty for a configuration built in code.</param>
    /// <param name="path">The path of the field, such as <c>agents[1].credentials[0].issuer</c>; empty for the whole file.</param>
    /// <param name="line">The 1-based line, or 0 when there is no position.</param>
    /// <param name="column">The 1-based column, or 0 when there is no position.</param>
    /// <param name="message">What is wrong and, where possible, how to fix it.</param>
    public ConfigError(string source, string path, int line, int column, string message)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(message);
        Source = source;
        Path = path;
        Line = line;
        Column = column;
        Message = message;
    }

    /// <summary>The file name the error is in (as given to the loader), or empty for a configuration built in code.</summary>
    public string Source { get; }

    /// <summary>The path of the field, such as <c>agents[1].credentials[0].issuer</c>; empty for the whole file.</summary>
    public string Path { get; }

    /// <summary>The 1-based line, or 0 when there is no position.</summary>
    public int Line { get; }

    /// <summary>The 1-based column, or 0 when there is no position.</summary>
    public int Column { get; }

    /// <summary>What is wrong and, where possible, how to fix it.</summary>
    public string Message { get; }

    /// <summary>Formats the error as <c>source:line:column path: message</c>, leaving out the parts that are unknown.</summary>
    public override string ToString()
    {
        var location = new StringBuilder(Source);
        if (Line > 0)
        {
            location.Append(CultureInfo.InvariantCulture, $":{Line}:{Column}");
        }

        if (Path.Length > 0)
        {
            location.Append(location.Length > 0 ? " " : "").Append(Path);
        }

        return location.Length > 0 ? $"{location}: {Message}" : Message;
    }
}
