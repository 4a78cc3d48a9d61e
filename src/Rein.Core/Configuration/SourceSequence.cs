namespace Rein.Core.Configuration;

/// <summary>A YAML sequence.</summary>
internal sealed class SourceSequence(int line, int column, IReadOnlyList<SourceNode> items) : SourceNode(line, column)
{
    /// <summary>The items in document order.</summary>
    public IReadOnlyList<SourceNode> Items { get; } = items;
}
