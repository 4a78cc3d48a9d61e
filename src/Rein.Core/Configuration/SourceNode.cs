namespace Rein.Core.Configuration;

/// <summary>A node of the parsed YAML document with the position where it starts.</summary>
internal abstract class SourceNode(int line, int column)
{
    /// <summary>The 1-based line.</summary>
    public int Line { get; } = line;

    /// <summary>The 1-based column.</summary>
    public int Column { get; } = column;
}
