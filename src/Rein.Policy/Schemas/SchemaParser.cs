using Rein.Policy.Parsing;
using Rein.Policy.Values;

namespace Rein.Policy.Schemas;

/// <summary>Reads Cedar's human-readable schema format (<c>.cedarschema</c>).</summary>
internal sealed class SchemaParser
{
    private readonly string _text;
    private readonly List<Token> _tokens;
    private readonly Dictionary<string, EntityTypeDefinition> _entityTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<EntityUid, ActionDefinition> _actions = [];
    private readonly Dictionary<string, SchemaType> _commonTypes = new(StringComparer.Ordinal);
    private const int MaxNesting = 200;
    private int _pos;
    private int _nesting;

    private SchemaParser(string text)
    {
        _text = text;
        _tokens = Lexer.Tokenize(text);
    }

    public static Schema Parse(string text)
    {
        var parser = new SchemaParser(text);
        parser.ParseAll();
        return parser.Build();
    }

    private Token Peek => _tokens[_pos];

    private Token PeekAt(int offset) => _tokens[Math.Min(_pos + offset, _tokens.Count - 1)];

    private Token Advance() => _tokens[_pos++];

    private PolicyParseException Error(string message, Token at)
    {
        var (line, column) = Lexer.Position(_text, at.Start);
        return new PolicyParseException(message, line, column);
    }

    private Token Expect(TokenKind kind, string what)
    {
        var t = Peek;
        if (t.Kind != kind)
        {
            throw Error($"expected {what}, found '{t.Text}'", t);
        }

        return Advance();
    }

    private bool Accept(TokenKind kind)
    {
        if (Peek.Kind == kind)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private bool AcceptWord(string word)
    {
        if (Peek.IsIdentifier(word))
        {
            _pos++;
            return true;
        }

        return false;
    }

    private string Unescape(Token t)
    {
        var error = StringUnescaper.TryUnescape(t.Text, out var value);
        return error is null ? value : throw Error(error, t);
    }

    private void SkipAnnotations()
    {
        while (Accept(TokenKind.At))
        {
            Expect(TokenKind.Identifier, "an annotation name");
            if (Accept(TokenKind.LParen))
            {
                Unescape(Expect(TokenKind.String, "an annotation value"));
                Expect(TokenKind.RParen, "')'");
            }
        }
    }

    private void ParseAll()
    {
        while (true)
        {
            SkipAnnotations();
            if (Peek.Kind == TokenKind.End)
            {
                return;
            }

            if (AcceptWord("namespace"))
            {
                var ns = ParsePath();
                Expect(TokenKind.LBrace, "'{'");
                while (true)
                {
                    SkipAnnotations();
                    if (Accept(TokenKind.RBrace))
                    {
                        break;
                    }

                    ParseDeclaration(ns);
                }
            }
            else
            {
                ParseDeclaration(string.Empty);
            }
        }
    }

    private string ParsePath()
    {
        var name = Expect(TokenKind.Identifier, "a name").Text;
        while (Peek.Kind == TokenKind.ColonColon && PeekAt(1).Kind == TokenKind.Identifier)
        {
            Advance();
            name += "::" + Advance().Text;
        }

        return name;
    }

    private static string Qualify(string ns, string name) => ns.Length == 0 ? name : ns + "::" + name;

    private void ParseDeclaration(string ns)
    {
        var t = Peek;
        if (AcceptWord("entity"))
        {
            ParseEntity(ns);
        }
        else if (AcceptWord("action"))
        {
            ParseAction(ns);
        }
        else if (AcceptWord("type"))
        {
            var name = Expect(TokenKind.Identifier, "a type name").Text;
            Expect(TokenKind.Equals, "'='");
            _commonTypes[Qualify(ns, name)] = ParseType(ns);
            Expect(TokenKind.Semicolon, "';'");
        }
        else
        {
            throw Error($"expected 'entity', 'action', 'type' or 'namespace', found '{t.Text}'", t);
        }
    }

    private void ParseEntity(string ns)
    {
        var names = new List<string> { Expect(TokenKind.Identifier, "an entity type name").Text };
        while (Accept(TokenKind.Comma))
        {
            names.Add(Expect(TokenKind.Identifier, "an entity type name").Text);
        }

        var parents = new List<string>();
        SchemaType? shape = null;
        SchemaType? tags = null;
        List<string>? enumIds = null;
        if (AcceptWord("enum"))
        {
            Expect(TokenKind.LBracket, "'['");
            enumIds = [];
            if (Peek.Kind != TokenKind.RBracket)
            {
                do
                {
                    if (Peek.Kind == TokenKind.RBracket)
                    {
                        break;
                    }

                    enumIds.Add(Unescape(Expect(TokenKind.String, "an entity id string")));
                }
                while (Accept(TokenKind.Comma));
            }

            Expect(TokenKind.RBracket, "']'");
        }
        else
        {
            if (AcceptWord("in"))
            {
                parents.AddRange(ParseTypeList());
            }

            Accept(TokenKind.Equals);
            if (Peek.Kind == TokenKind.LBrace)
            {
                shape = ParseRecordType(ns);
            }

            if (AcceptWord("tags"))
            {
                tags = ParseType(ns);
            }
        }

        Expect(TokenKind.Semicolon, "';'");
        foreach (var name in names)
        {
            var def = new EntityTypeDefinition(Qualify(ns, name)) { Shape = shape, Tags = tags, EnumIds = enumIds };
            foreach (var p in parents)
            {
                def.ParentTypes.Add(p.Contains("::", StringComparison.Ordinal) ? p : Qualify(ns, p));
            }

            _entityTypes[def.Name] = def;
        }
    }

    private List<string> ParseTypeList()
    {
        var list = new List<string>();
        if (Accept(TokenKind.LBracket))
        {
            if (Peek.Kind != TokenKind.RBracket)
            {
                do
                {
                    if (Peek.Kind == TokenKind.RBracket)
                    {
                        break;
                    }

                    list.Add(ParsePath());
                }
                while (Accept(TokenKind.Comma));
            }

            Expect(TokenKind.RBracket, "']'");
        }
        else
        {
            list.Add(ParsePath());
        }

        return list;
    }

    private void ParseAction(string ns)
    {
        var actionType = Qualify(ns, "Action");
        var names = new List<string> { ParseName() };
        while (Accept(TokenKind.Comma))
        {
            names.Add(ParseName());
        }

        var parents = new List<EntityUid>();
        if (AcceptWord("in"))
        {
            if (Accept(TokenKind.LBracket))
            {
                if (Peek.Kind != TokenKind.RBracket)
                {
                    do
                    {
                        if (Peek.Kind == TokenKind.RBracket)
                        {
                            break;
                        }

                        parents.Add(ParseActionRef(ns));
                    }
                    while (Accept(TokenKind.Comma));
                }

                Expect(TokenKind.RBracket, "']'");
            }
            else
            {
                parents.Add(ParseActionRef(ns));
            }
        }

        var principals = new List<string>();
        var resources = new List<string>();
        SchemaType? context = null;
        if (AcceptWord("appliesTo"))
        {
            Expect(TokenKind.LBrace, "'{'");
            while (Peek.Kind != TokenKind.RBrace)
            {
                SkipAnnotations();
                var key = Expect(TokenKind.Identifier, "'principal', 'resource' or 'context'");
                Expect(TokenKind.Colon, "':'");
                switch (key.Text)
                {
                    case "principal":
                        principals.AddRange(ParseTypeList());
                        break;
                    case "resource":
                        resources.AddRange(ParseTypeList());
                        break;
                    case "context":
                        context = ParseType(ns);
                        break;
                    default:
                        throw Error($"unexpected '{key.Text}' in appliesTo", key);
                }

                if (!Accept(TokenKind.Comma))
                {
                    break;
                }
            }

            Expect(TokenKind.RBrace, "'}'");
        }

        if (AcceptWord("attributes"))
        {
            ParseRecordType(ns);
        }

        Expect(TokenKind.Semicolon, "';'");
        foreach (var name in names)
        {
            var def = new ActionDefinition(new EntityUid(actionType, name)) { Context = context };
            def.Parents.AddRange(parents);
            def.PrincipalTypes.AddRange(principals.Select(p => p.Contains("::", StringComparison.Ordinal) ? p : Qualify(ns, p)));
            def.ResourceTypes.AddRange(resources.Select(p => p.Contains("::", StringComparison.Ordinal) ? p : Qualify(ns, p)));
            _actions[def.Uid] = def;
        }
    }

    private string ParseName()
    {
        var t = Peek;
        if (t.Kind == TokenKind.String)
        {
            return Unescape(Advance());
        }

        return Expect(TokenKind.Identifier, "a name").Text;
    }

    private EntityUid ParseActionRef(string ns)
    {
        if (Peek.Kind == TokenKind.String)
        {
            return new EntityUid(Qualify(ns, "Action"), Unescape(Advance()));
        }

        var path = new List<string> { Expect(TokenKind.Identifier, "an action reference").Text };
        while (Accept(TokenKind.ColonColon))
        {
            if (Peek.Kind == TokenKind.String)
            {
                var type = path.Count == 1 ? Qualify(ns, path[0]) : string.Join("::", path);
                return new EntityUid(type, Unescape(Advance()));
            }

            path.Add(Expect(TokenKind.Identifier, "a name").Text);
        }

        if (path.Count != 1)
        {
            throw Error("expected an action reference", Peek);
        }

        return new EntityUid(Qualify(ns, "Action"), path[0]);
    }

    private SchemaType ParseType(string ns)
    {
        if (++_nesting > MaxNesting)
        {
            throw Error($"the type is nested more than {MaxNesting} levels deep", Peek);
        }

        try
        {
            return ParseTypeUnchecked(ns);
        }
        finally
        {
            _nesting--;
        }
    }

    private SchemaType ParseTypeUnchecked(string ns)
    {
        if (Peek.Kind == TokenKind.LBrace)
        {
            return ParseRecordType(ns);
        }

        if (Peek.IsIdentifier("Set") && PeekAt(1).Kind == TokenKind.Less)
        {
            Advance();
            Advance();
            var element = ParseType(ns);
            Expect(TokenKind.Greater, "'>'");
            return new SchemaType(SchemaTypeKind.Set) { Element = element };
        }

        var name = ParsePath();
        return new SchemaType(SchemaTypeKind.Reference) { Name = name, Namespace = ns };
    }

    private SchemaType ParseRecordType(string ns)
    {
        Expect(TokenKind.LBrace, "'{'");
        var attributes = new Dictionary<string, SchemaAttribute>(StringComparer.Ordinal);
        while (true)
        {
            SkipAnnotations();
            if (Peek.Kind == TokenKind.RBrace)
            {
                break;
            }

            var nameToken = Peek;
            var name = ParseName();
            var required = !Accept(TokenKind.Question);
            Expect(TokenKind.Colon, "':'");
            var type = ParseType(ns);
            if (!attributes.TryAdd(name, new SchemaAttribute(type, required)))
            {
                throw Error($"duplicate attribute {name}", nameToken);
            }

            if (!Accept(TokenKind.Comma))
            {
                break;
            }
        }

        Expect(TokenKind.RBrace, "'}'");
        return new SchemaType(SchemaTypeKind.Record) { Attributes = attributes };
    }

    private Schema Build()
    {
        var resolver = new SchemaResolver(_entityTypes, _commonTypes);
        foreach (var def in _entityTypes.Values)
        {
            def.Shape = def.Shape is null ? null : resolver.Resolve(def.Shape);
            def.Tags = def.Tags is null ? null : resolver.Resolve(def.Tags);
        }

        foreach (var def in _actions.Values)
        {
            def.Context = def.Context is null ? null : resolver.Resolve(def.Context);
        }

        return new Schema(_entityTypes, _actions);
    }
}
