namespace Rein.Policy.Parsing;

/// <summary>Splits Cedar policy or schema text into tokens; <c>//</c> comments and whitespace are skipped.</summary>
internal sealed class Lexer
{
    private readonly string _text;
    private int _pos;

    public Lexer(string text)
    {
        _text = text;
    }

    public static List<Token> Tokenize(string text)
    {
        var lexer = new Lexer(text);
        var tokens = new List<Token>();
        while (true)
        {
            var t = lexer.Next();
            tokens.Add(t);
            if (t.Kind == TokenKind.End)
            {
                return tokens;
            }
        }
    }

    public static (int Line, int Column) Position(string text, int offset)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < offset && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return (line, column);
    }

    private PolicyParseException Error(string message, int offset)
    {
        var (line, column) = Position(_text, offset);
        return new PolicyParseException(message, line, column);
    }

    private Token Next()
    {
        SkipTrivia();
        if (_pos >= _text.Length)
        {
            return new Token(TokenKind.End, _text.Length, 0, string.Empty);
        }

        var start = _pos;
        var c = _text[_pos];
        if (char.IsAsciiLetter(c) || c == '_')
        {
            _pos++;
            while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
            {
                _pos++;
            }

            return new Token(TokenKind.Identifier, start, _pos - start, _text[start.._pos]);
        }

        if (char.IsAsciiDigit(c))
        {
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
            }

            return new Token(TokenKind.Number, start, _pos - start, _text[start.._pos]);
        }

        if (c == '"')
        {
            _pos++;
            while (true)
            {
                if (_pos >= _text.Length)
                {
                    throw Error("unterminated string literal", start);
                }

                var d = _text[_pos];
                if (d == '\\')
                {
                    if (_pos + 1 >= _text.Length)
                    {
                        throw Error("unterminated string literal", start);
                    }

                    _pos += 2;
                    continue;
                }

                _pos++;
                if (d == '"')
                {
                    break;
                }
            }

            return new Token(TokenKind.String, start, _pos - start, _text[(start + 1)..(_pos - 1)]);
        }

        _pos++;
        var next = _pos < _text.Length ? _text[_pos] : '\0';
        TokenKind kind;
        switch (c)
        {
            case '@': kind = TokenKind.At; break;
            case '.': kind = TokenKind.Dot; break;
            case ',': kind = TokenKind.Comma; break;
            case ';': kind = TokenKind.Semicolon; break;
            case ':':
                if (next == ':')
                {
                    _pos++;
                    kind = TokenKind.ColonColon;
                }
                else
                {
                    kind = TokenKind.Colon;
                }

                break;
            case '(': kind = TokenKind.LParen; break;
            case ')': kind = TokenKind.RParen; break;
            case '{': kind = TokenKind.LBrace; break;
            case '}': kind = TokenKind.RBrace; break;
            case '[': kind = TokenKind.LBracket; break;
            case ']': kind = TokenKind.RBracket; break;
            case '=':
                if (next == '=')
                {
                    _pos++;
                    kind = TokenKind.EqEq;
                }
                else
                {
                    kind = TokenKind.Equals;
                }

                break;
            case '!':
                if (next == '=')
                {
                    _pos++;
                    kind = TokenKind.NotEq;
                }
                else
                {
                    kind = TokenKind.Bang;
                }

                break;
            case '<':
                if (next == '=')
                {
                    _pos++;
                    kind = TokenKind.LessEq;
                }
                else
                {
                    kind = TokenKind.Less;
                }

                break;
            case '>':
                if (next == '=')
                {
                    _pos++;
                    kind = TokenKind.GreaterEq;
                }
                else
                {
                    kind = TokenKind.Greater;
                }

                break;
            case '|':
                if (next != '|')
                {
                    throw Error("unexpected character '|' (did you mean '||'?)", start);
                }

                _pos++;
                kind = TokenKind.OrOr;
                break;
            case '&':
                if (next != '&')
                {
                    throw Error("unexpected character '&' (did you mean '&&'?)", start);
                }

                _pos++;
                kind = TokenKind.AndAnd;
                break;
            case '+': kind = TokenKind.Plus; break;
            case '-': kind = TokenKind.Minus; break;
            case '*': kind = TokenKind.Star; break;
            case '/': kind = TokenKind.Slash; break;
            case '%': kind = TokenKind.Percent; break;
            case '?': kind = TokenKind.Question; break;
            default:
                throw Error($"unexpected character '{c}'", start);
        }

        return new Token(kind, start, _pos - start, _text[start.._pos]);
    }

    private void SkipTrivia()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (char.IsWhiteSpace(c))
            {
                _pos++;
            }
            else if (c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '/')
            {
                while (_pos < _text.Length && _text[_pos] != '\n' && _text[_pos] != '\r')
                {
                    _pos++;
                }
            }
            else
            {
                return;
            }
        }
    }
}
