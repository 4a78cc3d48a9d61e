namespace Rein.Policy.Parsing;

/// <summary>A lexical token: its kind, where it starts in the source, and its text (raw, still escaped, for strings).</summary>
internal readonly record struct Token(TokenKind Kind, int Start, int Length, string Text)
{
    public bool IsIdentifier(string text) => Kind == TokenKind.Identifier && Text == text;
}
