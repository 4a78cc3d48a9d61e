namespace Rein.Core.Configuration;

/// <summary>A YAML scalar: its text and whether it was written plain (unquoted, untagged).</summary>
internal sealed class SourceScalar(int line, int column, string value, bool isPlain) : SourceNode(line, column)
{
    /// <summary>The scalar's text after YAML unescaping.</summary>
    public string Value { get; } = value;

    /// <summary>Whether the scalar was unquoted and untagged, so that YAML's implicit typing (null, booleans) applies.</summary>
    public bool IsPlain { get; } = isPlain;

    /// <summary>Whether the scalar is YAML null: an empty value, <c>~</c> or <c>null</c>, written plain.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";
}
