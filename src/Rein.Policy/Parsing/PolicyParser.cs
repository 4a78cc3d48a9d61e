using System.Globalization;
using Rein.Policy.Evaluation;
using Rein.Policy.Extensions;
using Rein.Policy.Values;

namespace Rein.Policy.Parsing;

/// <summary>
/// A recursive-descent parser for the Cedar policy language. It builds the evaluable expression tree directly and
/// folds constant sets, records and extension constructor calls.
/// </summary>
internal sealed class PolicyParser
{
    private const int MaxUnaryOperators = 4;
    private const int MaxNesting = 200;

    private readonly string _text;
    private readonly List<Token> _tokens;
    private int _pos;
    private int _nesting;

    private PolicyParser(string text)
    {
        _text = text;
        _tokens = Lexer.Tokenize(text);
    }

    public static List<Policy> ParsePolicies(string text)
    {
        var parser = new PolicyParser(text);
        var policies = new List<Policy>();
        while (parser.Peek.Kind != TokenKind.End)
        {
            policies.Add(parser.ParsePolicy(policies.Count));
        }

        return policies;
    }

    public static Expr ParseExpression(string text)
    {
        var parser = new PolicyParser(text);
        var e = parser.ParseExpr();
        parser.Expect(TokenKind.End, "end of expression");
        return e;
    }

    private Token Peek => _tokens[_pos];

    private Token PeekAt(int offset) => _tokens[Math.Min(_pos + offset, _tokens.Count - 1)];

    private Token Advance() => _tokens[_pos++];

    private PolicyParseException Error(string message, Token at)
    {
        var (line, column) = Lexer.Position(_text, at.Start);
        return new PolicyParseException(message, line, column);
    }

    private static string Describe(Token t) => t.Kind switch
    {
        TokenKind.End => "end of input",
        TokenKind.String => "a string",
        TokenKind.Number => "a number",
        _ => "'" + t.Text + "'",
    };

    private Token Expect(TokenKind kind, string what)
    {
        var t = Peek;
        if (t.Kind != kind)
        {
            throw Error($"expected {what}, found {Describe(t)}", t);
        }

        return Advance();
    }

    private Token ExpectIdentifier(string word)
    {
        var t = Peek;
        if (!t.IsIdentifier(word))
        {
            throw Error($"expected '{word}', found {Describe(t)}", t);
        }

        return Advance();
    }

    private bool AcceptIdentifier(string word)
    {
        if (Peek.IsIdentifier(word))
        {
            _pos++;
            return true;
        }

        return false;
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

    private Policy ParsePolicy(int index)
    {
        var start = Peek;
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        while (Peek.Kind == TokenKind.At)
        {
            Advance();
            var key = Expect(TokenKind.Identifier, "an annotation name");
            var value = string.Empty;
            if (Accept(TokenKind.LParen))
            {
                value = Unescape(Expect(TokenKind.String, "an annotation value string"));
                Expect(TokenKind.RParen, "')'");
            }

            if (!annotations.TryAdd(key.Text, value))
            {
                throw Error($"duplicate annotation @{key.Text}", key);
            }
        }

        var effectToken = Expect(TokenKind.Identifier, "'permit' or 'forbid'");
        var effect = effectToken.Text switch
        {
            "permit" => Effect.Permit,
            "forbid" => Effect.Forbid,
            _ => throw Error($"expected 'permit' or 'forbid', found '{effectToken.Text}'", effectToken),
        };

        Expect(TokenKind.LParen, "'('");
        var principal = ParsePrincipalOrResource("principal");
        Expect(TokenKind.Comma, "','");
        var action = ParseActionScope();
        Expect(TokenKind.Comma, "','");
        var resource = ParsePrincipalOrResource("resource");
        // Note: Cedar's grammar allows a trailing comma in every comma-separated list, the scope included.
        if (Peek.Kind == TokenKind.Comma && PeekAt(1).Kind == TokenKind.RParen)
        {
            Advance();
        }

        Expect(TokenKind.RParen, "')'");

        var conditions = new List<Expr>();
        var conditionsStart = Peek.Start;
        while (Peek.Kind == TokenKind.Identifier && (Peek.Text == "when" || Peek.Text == "unless"))
        {
            var isWhen = Advance().Text == "when";
            var brace = Expect(TokenKind.LBrace, "'{'");
            if (Peek.Kind == TokenKind.RBrace)
            {
                throw Error($"the {(isWhen ? "when" : "unless")} clause is empty", brace);
            }

            var e = ParseExpr();
            Expect(TokenKind.RBrace, "'}'");
            conditions.Add(isWhen ? e : new NotExpr(e));
        }

        var end = Expect(TokenKind.Semicolon, "';' or a when/unless clause");
        var id = annotations.TryGetValue("id", out var annotated) ? annotated : "policy" + index.ToString(CultureInfo.InvariantCulture);
        var text = _text[start.Start..(end.Start + end.Length)];
        var conditionText = conditions.Count > 0 ? (conditionsStart - start.Start, end.Start - conditionsStart) : (0, 0);
        return new Policy(id, effect, annotations, principal, action, resource, [.. conditions], text, effectToken.Start - start.Start, conditionText);
    }

    private ScopeConstraint ParsePrincipalOrResource(string variable)
    {
        if (Peek.Kind == TokenKind.Question)
        {
            throw Error("templates (slots such as ?principal) are not supported", Peek);
        }

        ExpectIdentifier(variable);
        if (AcceptIdentifier("is"))
        {
            var type = ParseName();
            if (AcceptIdentifier("in"))
            {
                return new ScopeConstraint(ScopeKind.IsIn, type, [ParseEntityRef()]);
            }

            if (Peek.Kind == TokenKind.EqEq)
            {
                throw Error("'is' cannot be combined with '==' in the scope", Peek);
            }

            return new ScopeConstraint(ScopeKind.Is, type, []);
        }

        if (Accept(TokenKind.EqEq))
        {
            return new ScopeConstraint(ScopeKind.Equal, null, [ParseEntityRef()]);
        }

        if (AcceptIdentifier("in"))
        {
            var target = ParseEntityRef();
            if (Peek.IsIdentifier("is"))
            {
                throw Error("write 'is' before 'in' in the scope", Peek);
            }

            return new ScopeConstraint(ScopeKind.In, null, [target]);
        }

        if (Peek.Kind == TokenKind.Equals)
        {
            throw Error("write '==', not '='", Peek);
        }

        return ScopeConstraint.Any;
    }

    private ScopeConstraint ParseActionScope()
    {
        ExpectIdentifier("action");
        if (Accept(TokenKind.EqEq))
        {
            return new ScopeConstraint(ScopeKind.Equal, null, [CheckAction(ParseEntityRef())]);
        }

        if (AcceptIdentifier("in"))
        {
            if (Accept(TokenKind.LBracket))
            {
                var list = new List<EntityUid>();
                while (Peek.Kind != TokenKind.RBracket)
                {
                    list.Add(CheckAction(ParseEntityRef()));
                    if (!Accept(TokenKind.Comma))
                    {
                        break;
                    }
                }

                Expect(TokenKind.RBracket, "']'");
                return new ScopeConstraint(ScopeKind.In, null, list);
            }

            return new ScopeConstraint(ScopeKind.In, null, [CheckAction(ParseEntityRef())]);
        }

        if (Peek.IsIdentifier("is"))
        {
            throw Error("'is' is not allowed in the action scope", Peek);
        }

        return ScopeConstraint.Any;
    }

    private EntityUid CheckAction(EntityUid uid)
    {
        if (uid.Type != "Action" && !uid.Type.EndsWith("::Action", StringComparison.Ordinal))
        {
            throw Error($"expected an action entity (type Action), found {uid}", _tokens[_pos - 1]);
        }

        return uid;
    }

    private EntityUid ParseEntityRef()
    {
        var start = Peek;
        var path = new List<string> { NameComponent(Expect(TokenKind.Identifier, "an entity reference such as User::\"alice\"")) };
        while (true)
        {
            Expect(TokenKind.ColonColon, "'::'");
            if (Peek.Kind == TokenKind.String)
            {
                var id = Unescape(Advance());
                return new EntityUid(string.Join("::", path), id);
            }

            if (Peek.Kind != TokenKind.Identifier)
            {
                throw Error("expected an entity reference such as User::\"alice\"", start);
            }

            path.Add(NameComponent(Advance()));
        }
    }

    private string ParseName()
    {
        var first = Expect(TokenKind.Identifier, "an entity type name");
        var name = NameComponent(first);
        while (Peek.Kind == TokenKind.ColonColon && PeekAt(1).Kind == TokenKind.Identifier)
        {
            Advance();
            name += "::" + NameComponent(Advance());
        }

        return name;
    }

    /// <summary>
    /// Cedar's reserved identifiers, which cannot name an attribute (after <c>.</c>, after <c>has</c>, as a record
    /// key) or be part of an entity type or namespace: write <c>e["if"]</c>, <c>e has "if"</c>, <c>{"if": 1}</c>.
    /// </summary>
    private static bool IsReserved(string identifier) =>
        identifier is "true" or "false" or "if" or "then" or "else" or "in" or "is" or "has" or "like";

    /// <summary>An identifier used as an attribute name: not a reserved word, nor the reserved <c>__cedar</c>.</summary>
    private string AttributeName(Token t)
    {
        if (IsReserved(t.Text))
        {
            throw Error($"'{t.Text}' is a reserved identifier and cannot be used as an attribute name here; quote it", t);
        }

        if (t.Text == "__cedar")
        {
            throw Error("the name __cedar is reserved", t);
        }

        return t.Text;
    }

    /// <summary>One component of an entity type or namespace: not a reserved word, nor the reserved <c>__cedar</c>.</summary>
    private string NameComponent(Token t)
    {
        if (IsReserved(t.Text))
        {
            throw Error($"'{t.Text}' is a reserved identifier and cannot be part of a name", t);
        }

        if (t.Text == "__cedar")
        {
            throw Error("the name __cedar is reserved", t);
        }

        return t.Text;
    }

    private string Unescape(Token t)
    {
        var error = StringUnescaper.TryUnescape(t.Text, out var value);
        if (error is not null)
        {
            throw Error(error, t);
        }

        return value;
    }

    private Expr ParseExpr()
    {
        if (++_nesting > MaxNesting)
        {
            throw Error($"the expression is nested more than {MaxNesting} levels deep", Peek);
        }

        var start = Peek;
        try
        {
            return ParseExprUnchecked();
        }
        catch (PolicyParseException e) when (e.Line == 0)
        {
            // Note: a tree too deep is found while building nodes; give it the position of the expression.
            throw Error(e.Reason, start);
        }
        finally
        {
            _nesting--;
        }
    }

    private Expr ParseExprUnchecked()
    {
        if (Peek.IsIdentifier("if"))
        {
            Advance();
            var c = ParseExpr();
            ExpectIdentifier("then");
            var a = ParseExpr();
            ExpectIdentifier("else");
            var b = ParseExpr();
            return new IfExpr(c, a, b);
        }

        return ParseOr();
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (Accept(TokenKind.OrOr))
        {
            left = new OrExpr(left, ParseAnd());
        }

        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseRelation();
        while (Accept(TokenKind.AndAnd))
        {
            left = new AndExpr(left, ParseRelation());
        }

        return left;
    }

    private bool AtRelationOperator()
    {
        var t = Peek;
        return t.Kind is TokenKind.EqEq or TokenKind.NotEq or TokenKind.Less or TokenKind.LessEq or TokenKind.Greater or TokenKind.GreaterEq
            || t.IsIdentifier("in") || t.IsIdentifier("has") || t.IsIdentifier("like") || t.IsIdentifier("is");
    }

    private Expr ParseRelation()
    {
        var left = ParseAdd();
        if (!AtRelationOperator())
        {
            if (Peek.Kind == TokenKind.Equals)
            {
                throw Error("write '==', not '='", Peek);
            }

            return left;
        }

        var opToken = Advance();
        Expr result;
        switch (opToken.Kind)
        {
            case TokenKind.EqEq: result = Binary(BinaryOp.Eq, left, ParseAdd()); break;
            case TokenKind.NotEq: result = Binary(BinaryOp.NotEq, left, ParseAdd()); break;
            case TokenKind.Less: result = Binary(BinaryOp.Less, left, ParseAdd()); break;
            case TokenKind.LessEq: result = Binary(BinaryOp.LessEq, left, ParseAdd()); break;
            case TokenKind.Greater: result = Binary(BinaryOp.Greater, left, ParseAdd()); break;
            case TokenKind.GreaterEq: result = Binary(BinaryOp.GreaterEq, left, ParseAdd()); break;
            default:
                switch (opToken.Text)
                {
                    case "in":
                        result = Binary(BinaryOp.In, left, ParseAdd());
                        break;
                    case "has":
                        result = ParseHas(left);
                        break;
                    case "like":
                        {
                            var p = Expect(TokenKind.String, "a pattern string after 'like'");
                            var error = StringUnescaper.TryUnescapePattern(p.Text, out var segments);
                            if (error is not null)
                            {
                                throw Error(error, p);
                            }

                            result = Fold(new LikeExpr(left, new Pattern(segments)));
                            break;
                        }

                    default:
                        {
                            var type = ParseName();
                            result = new IsExpr(left, type);
                            if (AcceptIdentifier("in"))
                            {
                                result = new AndExpr(result, Binary(BinaryOp.In, left, ParseAdd()));
                            }

                            break;
                        }
                }

                break;
        }

        if (AtRelationOperator())
        {
            throw Error("two comparison operators in a row; put parentheses around one of them", Peek);
        }

        return result;
    }

    private Expr ParseHas(Expr target)
    {
        if (Peek.Kind == TokenKind.String)
        {
            return new HasAttrExpr(target, Unescape(Advance()));
        }

        var path = new List<string> { AttributeName(Expect(TokenKind.Identifier, "an attribute name or string after 'has'")) };
        while (Peek.Kind == TokenKind.Dot && PeekAt(1).Kind == TokenKind.Identifier)
        {
            Advance();
            path.Add(AttributeName(Advance()));
        }

        // Note: `e has a.b` means `e has a && e.a has b`.
        Expr result = new HasAttrExpr(target, path[0]);
        Expr prefix = target;
        for (var i = 1; i < path.Count; i++)
        {
            prefix = new GetAttrExpr(prefix, path[i - 1]);
            result = new AndExpr(result, new HasAttrExpr(prefix, path[i]));
        }

        return result;
    }

    private Expr ParseAdd()
    {
        var left = ParseMult();
        while (true)
        {
            if (Accept(TokenKind.Plus))
            {
                left = Binary(BinaryOp.Add, left, ParseMult());
            }
            else if (Accept(TokenKind.Minus))
            {
                left = Binary(BinaryOp.Sub, left, ParseMult());
            }
            else
            {
                return left;
            }
        }
    }

    private Expr ParseMult()
    {
        var left = ParseUnary();
        while (true)
        {
            if (Accept(TokenKind.Star))
            {
                left = Binary(BinaryOp.Mul, left, ParseUnary());
            }
            else if (Peek.Kind is TokenKind.Slash or TokenKind.Percent)
            {
                throw Error($"Cedar has no '{Peek.Text}' operator", Peek);
            }
            else
            {
                return left;
            }
        }
    }

    private Expr ParseUnary()
    {
        var opToken = Peek;
        if (opToken.Kind is not (TokenKind.Bang or TokenKind.Minus))
        {
            return ParseMember();
        }

        var count = 0;
        while (Peek.Kind == opToken.Kind)
        {
            Advance();
            count++;
        }

        if (count > MaxUnaryOperators)
        {
            throw Error($"at most {MaxUnaryOperators} '{opToken.Text}' in a row", opToken);
        }

        if (opToken.Kind == TokenKind.Bang)
        {
            var operand = ParseMember();
            for (var i = 0; i < count; i++)
            {
                operand = Fold(new NotExpr(operand));
            }

            return operand;
        }

        Expr e;
        var remaining = count;
        if (Peek.Kind == TokenKind.Number && !IsAccessStart(PeekAt(1)))
        {
            // Note: `-N` is a negative literal (so -9223372036854775808 is valid); further dashes negate it.
            var n = Advance();
            if (!ulong.TryParse(n.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var magnitude) || magnitude > (ulong)long.MaxValue + 1)
            {
                throw Error($"the integer literal {n.Text} is too large", n);
            }

            e = new ConstantExpr(Value.FromLong(magnitude == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)magnitude));
            remaining--;
        }
        else
        {
            e = ParseMember();
        }

        for (var i = 0; i < remaining; i++)
        {
            e = Fold(new NegateExpr(e));
        }

        return e;
    }

    private static bool IsAccessStart(Token t) => t.Kind is TokenKind.Dot or TokenKind.LBracket or TokenKind.LParen;

    private Expr ParseMember()
    {
        var start = Peek;
        var primary = ParsePrimary(out var calledName);
        if (calledName is not null)
        {
            primary = calledName;
        }

        while (true)
        {
            if (Peek.Kind == TokenKind.Dot)
            {
                Advance();
                var name = Expect(TokenKind.Identifier, "an attribute or method name after '.'");
                if (Peek.Kind == TokenKind.LParen)
                {
                    Advance();
                    var args = ParseArguments();
                    primary = Method(primary, name, args);
                }
                else
                {
                    primary = new GetAttrExpr(primary, AttributeName(name));
                }
            }
            else if (Peek.Kind == TokenKind.LBracket)
            {
                Advance();
                var key = Expect(TokenKind.String, "a string attribute name inside '[ ]'");
                Expect(TokenKind.RBracket, "']'");
                primary = new GetAttrExpr(primary, Unescape(key));
            }
            else if (Peek.Kind == TokenKind.LParen)
            {
                throw Error("only extension functions can be called", start);
            }
            else
            {
                return primary;
            }
        }
    }

    private List<Expr> ParseArguments()
    {
        var args = new List<Expr>();
        while (Peek.Kind != TokenKind.RParen)
        {
            args.Add(ParseExpr());
            if (!Accept(TokenKind.Comma))
            {
                break;
            }
        }

        Expect(TokenKind.RParen, "')'");
        return args;
    }

    private Expr Method(Expr receiver, Token name, List<Expr> args)
    {
        switch (name.Text)
        {
            case "contains":
                return Binary(BinaryOp.Contains, receiver, Single(name, args));
            case "containsAll":
                return Binary(BinaryOp.ContainsAll, receiver, Single(name, args));
            case "containsAny":
                return Binary(BinaryOp.ContainsAny, receiver, Single(name, args));
            case "getTag":
                return Binary(BinaryOp.GetTag, receiver, Single(name, args));
            case "hasTag":
                return Binary(BinaryOp.HasTag, receiver, Single(name, args));
            case "isEmpty":
                if (args.Count != 0)
                {
                    throw Error("isEmpty takes no arguments", name);
                }

                return Fold(new IsEmptyExpr(receiver));
        }

        if (ExtensionFunctions.TryGetMethod(name.Text, out var function))
        {
            var all = new Expr[args.Count + 1];
            all[0] = receiver;
            args.CopyTo(all, 1);
            return Fold(new ExtensionCallExpr(function, all));
        }

        if (ExtensionFunctions.TryGetConstructor(name.Text, out _))
        {
            throw Error($"{name.Text} is a function, not a method", name);
        }

        throw Error($"unknown method {name.Text}", name);
    }

    private Expr Single(Token name, List<Expr> args)
    {
        if (args.Count != 1)
        {
            throw Error($"{name.Text} takes exactly one argument", name);
        }

        return args[0];
    }

    private Expr ParsePrimary(out Expr? called)
    {
        called = null;
        var t = Peek;
        switch (t.Kind)
        {
            case TokenKind.Number:
                {
                    Advance();
                    if (!long.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                    {
                        throw Error($"the integer literal {t.Text} is too large", t);
                    }

                    return new ConstantExpr(Value.FromLong(n));
                }

            case TokenKind.String:
                Advance();
                return new ConstantExpr(Value.FromString(Unescape(t)));
            case TokenKind.LParen:
                {
                    Advance();
                    var e = ParseExpr();
                    Expect(TokenKind.RParen, "')'");
                    return e;
                }

            case TokenKind.LBracket:
                {
                    Advance();
                    var items = new List<Expr>();
                    while (Peek.Kind != TokenKind.RBracket)
                    {
                        items.Add(ParseExpr());
                        if (!Accept(TokenKind.Comma))
                        {
                            break;
                        }
                    }

                    Expect(TokenKind.RBracket, "']'");
                    return Fold(new SetExpr([.. items]));
                }

            case TokenKind.LBrace:
                return ParseRecord();
            case TokenKind.Question:
                throw Error("templates (slots such as ?principal) are not supported", t);
            case TokenKind.Identifier:
                return ParseNamePrimary(out called);
            default:
                throw Error($"unexpected {Describe(t)}", t);
        }
    }

    private Expr ParseRecord()
    {
        Advance();
        var keys = new List<string>();
        var values = new List<Expr>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (Peek.Kind != TokenKind.RBrace)
        {
            var keyToken = Peek;
            string key;
            if (keyToken.Kind == TokenKind.String)
            {
                key = Unescape(Advance());
            }
            else if (keyToken.Kind == TokenKind.Identifier)
            {
                key = AttributeName(Advance());
            }
            else
            {
                throw Error("expected a record attribute name", keyToken);
            }

            Expect(TokenKind.Colon, "':'");
            var value = ParseExpr();
            if (!seen.Add(key))
            {
                throw Error($"duplicate record attribute {key}", keyToken);
            }

            keys.Add(key);
            values.Add(value);
            if (!Accept(TokenKind.Comma))
            {
                break;
            }
        }

        Expect(TokenKind.RBrace, "'}'");
        return Fold(new RecordExpr([.. keys], [.. values]));
    }

    private Expr ParseNamePrimary(out Expr? called)
    {
        called = null;
        var first = Advance();
        switch (first.Text)
        {
            case "true" when Peek.Kind != TokenKind.ColonColon:
                return new ConstantExpr(Value.True);
            case "false" when Peek.Kind != TokenKind.ColonColon:
                return new ConstantExpr(Value.False);
            case "principal" when Peek.Kind != TokenKind.ColonColon:
                return new VariableExpr(Variable.Principal);
            case "action" when Peek.Kind != TokenKind.ColonColon:
                return new VariableExpr(Variable.Action);
            case "resource" when Peek.Kind != TokenKind.ColonColon:
                return new VariableExpr(Variable.Resource);
            case "context" when Peek.Kind != TokenKind.ColonColon:
                return new VariableExpr(Variable.Context);
            case "if":
                throw Error("put an if-then-else expression in parentheses here", first);
        }

        var path = new List<string> { first.Text };
        while (Peek.Kind == TokenKind.ColonColon)
        {
            _ = NameComponent(_tokens[_pos - 1]);
            Advance();
            if (Peek.Kind == TokenKind.String)
            {
                var id = Unescape(Advance());
                return new ConstantExpr(Value.FromEntity(new EntityUid(string.Join("::", path), id)));
            }

            path.Add(Expect(TokenKind.Identifier, "a name or an entity id string after '::'").Text);
        }

        if (Peek.Kind == TokenKind.LParen)
        {
            var nameToken = first;
            Advance();
            var args = ParseArguments();
            var name = string.Join("::", path);
            if (path.Count == 1 && ExtensionFunctions.TryGetConstructor(name, out var function))
            {
                called = Fold(new ExtensionCallExpr(function, [.. args]));
                return called;
            }

            if (path.Count == 1 && ExtensionFunctions.TryGetMethod(name, out _))
            {
                throw Error($"{name} is a method; call it as value.{name}(...)", nameToken);
            }

            throw Error($"unknown function {name}", nameToken);
        }

        throw Error($"unexpected name {string.Join("::", path)}", first);
    }

    private static Expr Binary(BinaryOp op, Expr left, Expr right) => Fold(new BinaryExpr(op, left, right));

    /// <summary>Evaluates an expression whose operands are all constants, when that succeeds without a request.</summary>
    private static Expr Fold(Expr e)
    {
        var foldable = e switch
        {
            SetExpr s => Array.TrueForAll(s.Elements, x => x.IsConstant),
            RecordExpr r => Array.TrueForAll(r.Values, x => x.IsConstant),
            ExtensionCallExpr c => Array.TrueForAll(c.Arguments, x => x.IsConstant),
            BinaryExpr b => b.Op is not (BinaryOp.In or BinaryOp.GetTag or BinaryOp.HasTag) && b.Left.IsConstant && b.Right.IsConstant,
            _ => false,
        };
        if (foldable && e.TryEvaluate(NoContext, out var value))
        {
            return new ConstantExpr(value);
        }

        return e;
    }

    private static readonly EvaluationContext NoContext = new(
        new Request(new EntityUid("", ""), new EntityUid("", ""), new EntityUid("", "")),
        EntityStore.Empty);
}
