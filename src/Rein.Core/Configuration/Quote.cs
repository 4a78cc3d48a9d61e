namespace Rein.Core.Configuration;

/// <summary>Formats user-written values for error messages: quoted and cut short so a huge value cannot flood the output.</summary>
internal static class Quote
{
    private const int MaxLength = 64;

    /// <summary>Returns <c>'value'</c>, shortened with an ellipsis past 64 characters.</summary>
    public static string Value(string value) =>
        value.Length <= MaxLength ? $"'{value}'" : $"'{value[..MaxLength]}…'";

    /// <summary>Describes what kind of YAML node was found where something else was expected.</summary>
    public static string Kind(SourceNode node) => node switch
    {
        SourceMapping => "a mapping",
        SourceSequence => "a list",
        SourceScalar scalar when scalar.IsNull => "nothing",
        SourceScalar scalar => $"the value {Value(scalar.Value)}",
        _ => "an unknown node",
    };

    /// <summary>Joins words as <c>'a', 'b' or 'c'</c>.</summary>
    public static string Choices(IReadOnlyList<string> words) => words.Count switch
    {
        0 => "",
        1 => $"'{words[0]}'",
        _ => $"{string.Join(", ", words.Take(words.Count - 1).Select(word => $"'{word}'"))} or '{words[^1]}'",
    };
}
