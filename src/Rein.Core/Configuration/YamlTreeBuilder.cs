using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Rein.Core.Configuration;

/// <summary>
/// Turns YAML text into a <see cref="SourceNode"/> tree with positions, reporting what YAML allows but
/// <c>rein.yaml</c> does not: several documents, aliases, custom tags, non-scalar keys and deep nesting.
/// </summary>
/// <remarks>
/// Note: this reads YamlDotNet's parser events instead of loading a <c>YamlStream</c>, because the representation
/// model throws on the first duplicate key; keeping duplicates in the tree lets the reader report all of them together
/// with every other error.
/// </remarks>
internal sealed class YamlTreeBuilder
{
    /// <summary>How deeply collections may nest; <c>rein.yaml</c> needs about eight levels.</summary>
    public const int MaxDepth = 32;

    private const string StringTag = "tag:yaml.org,2002:str";
    private const string MapTag = "tag:yaml.org,2002:map";
    private const string SeqTag = "tag:yaml.org,2002:seq";

    private readonly Parser _parser;
    private readonly ConfigDiagnostics _diagnostics;
    private bool _tooDeep;

    private YamlTreeBuilder(string text, ConfigDiagnostics diagnostics)
    {
        _parser = new Parser(new StringReader(text));
        _diagnostics = diagnostics;
    }

    /// <summary>
    /// Parses <paramref name="text"/>. Returns the document's root node, or <see langword="null"/> when the text holds
    /// no document, is not well-formed YAML or nests too deeply (then that has been reported; parsing cannot resume
    /// after it).
    /// </summary>
    public static SourceNode? Build(string text, ConfigDiagnostics diagnostics)
    {
        var builder = new YamlTreeBuilder(text, diagnostics);
        try
        {
            return builder.ReadStream();
        }
        catch (YamlException exception)
        {
            diagnostics.ReportAt("", ToInt(exception.Start.Line), ToInt(exception.Start.Column), $"invalid YAML: {exception.Message}");
            return null;
        }
        catch (InvalidOperationException exception) when (exception.TargetSite?.DeclaringType?.Assembly == typeof(Parser).Assembly)
        {
            // Note: YamlDotNet 16.3's scanner throws InvalidOperationException instead of a YamlException on some
            // malformed flow collections (such as "a: [1,\nb: 2"); that is bad input, not a bug of ours.
            var (line, column) = builder.LastPosition;
            diagnostics.ReportAt("", line, column, "invalid YAML: the file cannot be parsed after this point (check for an unclosed '[' or '{')");
            return null;
        }
    }

    /// <summary>Where the last event the parser produced ends, for errors the parser reports without a position.</summary>
    private (int Line, int Column) LastPosition =>
        _parser.Current is { } current ? (ToInt(current.End.Line), ToInt(current.End.Column)) : (1, 1);

    private SourceNode? ReadStream()
    {
        _parser.Consume<StreamStart>();
        if (_parser.TryConsume<StreamEnd>(out _))
        {
            return null;
        }

        _parser.Consume<DocumentStart>();
        var root = ReadNode("", depth: 0);
        if (_tooDeep)
        {
            return null;
        }

        _parser.Consume<DocumentEnd>();
        if (_parser.Accept<DocumentStart>(out var second))
        {
            _diagnostics.ReportAt(
                "",
                Line(second),
                Column(second),
                "only one YAML document is allowed; remove the '---' separator and what follows it");
        }

        return root;
    }

    private SourceNode ReadNode(string path, int depth)
    {
        var current = _parser.Current ?? throw new InvalidOperationException("The YAML parser ended inside a document.");
        if (current is AnchorAlias alias)
        {
            _parser.MoveNext();
            return Refused(path, alias, $"aliases (*{alias.Value}) are not supported in this file; write the value out in full");
        }

        if (current is NodeEvent node && !node.Tag.IsEmpty && !IsAllowedTag(node))
        {
            // Note: the refused node is still read (and dropped) rather than skipped, so the depth limit holds inside it.
            ReadContent(path, depth);
            return Refused(path, node, $"the YAML tag '{node.Tag.Value}' is not supported in this file");
        }

        return ReadContent(path, depth);
    }

    private SourceNode ReadContent(string path, int depth)
    {
        var current = _parser.Current!;
        if (current is Scalar scalar)
        {
            _parser.MoveNext();
            return new SourceScalar(Line(scalar), Column(scalar), scalar.Value, scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty);
        }

        if (depth >= MaxDepth)
        {
            // Note: stop reading altogether. Skipping the rest of the nested node would let YamlDotNet's scanner,
            // whose cost per token grows with the flow nesting depth, spend quadratic time on "[[[[...".
            _tooDeep = true;
            return Refused(path, current, $"the document nests deeper than {MaxDepth} levels");
        }

        return current switch
        {
            SequenceStart => ReadSequence(path, depth),
            MappingStart => ReadMapping(path, depth),
            _ => throw new InvalidOperationException($"Unexpected YAML event {current.GetType().Name}."),
        };
    }

    /// <summary>Reports a node that cannot be used and stands a null in its place.</summary>
    private SourceScalar Refused(string path, ParsingEvent start, string message)
    {
        _diagnostics.ReportUnreadableAt(path, Line(start), Column(start), message);
        return new SourceScalar(Line(start), Column(start), "", isPlain: true);
    }

    private SourceSequence ReadSequence(string path, int depth)
    {
        var start = _parser.Consume<SequenceStart>();
        var items = new List<SourceNode>();
        while (!_tooDeep && !_parser.TryConsume<SequenceEnd>(out _))
        {
            items.Add(ReadNode(ConfigPath.Index(path, items.Count), depth + 1));
        }

        return new SourceSequence(Line(start), Column(start), items.AsReadOnly());
    }

    private SourceMapping ReadMapping(string path, int depth)
    {
        var start = _parser.Consume<MappingStart>();
        var entries = new List<SourceEntry>();
        while (!_tooDeep && !_parser.TryConsume<MappingEnd>(out _))
        {
            var key = ReadNode(path, depth + 1);
            var valuePath = key is SourceScalar keyScalar ? ConfigPath.Key(path, keyScalar.Value) : path;

            // Note: on some malformed input YamlDotNet ends a mapping after a key without a value, and fails only
            // later; a null value lets the parser reach that failure and report it.
            var value = _tooDeep || _parser.Accept<MappingEnd>(out _)
                ? new SourceScalar(key.Line, key.Column, "", isPlain: true)
                : ReadNode(valuePath, depth + 1);
            if (key is SourceScalar scalarKey)
            {
                entries.Add(new SourceEntry(scalarKey, value));
            }
            else
            {
                _diagnostics.ReportAt(path, key.Line, key.Column, "a mapping key must be a plain string, not a list or mapping");
            }
        }

        return new SourceMapping(Line(start), Column(start), entries.AsReadOnly());
    }

    private static bool IsAllowedTag(NodeEvent node) => node switch
    {
        Scalar => node.Tag.Value == StringTag,
        MappingStart => node.Tag.Value == MapTag,
        SequenceStart => node.Tag.Value == SeqTag,
        _ => false,
    };

    private static int Line(ParsingEvent parsingEvent) => ToInt(parsingEvent.Start.Line);

    private static int Column(ParsingEvent parsingEvent) => ToInt(parsingEvent.Start.Column);

    private static int ToInt(long value) => (int)Math.Min(value, int.MaxValue);
}
