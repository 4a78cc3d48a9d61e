using System.Globalization;

namespace Rein.Benchmarks;

/// <summary>The <c>--name value</c> options of the policy commands; an unknown or repeated option is an error.</summary>
internal sealed class CommandArgs
{
    private readonly Dictionary<string, string> _values;

    private CommandArgs(Dictionary<string, string> values, string[] rest)
    {
        _values = values;
        Rest = rest;
    }

    /// <summary>What follows <c>--</c>, passed on untouched (BenchmarkDotNet's own arguments).</summary>
    public string[] Rest { get; }

    public static CommandArgs Parse(string[] args, params string[] known)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--")
            {
                return new CommandArgs(values, args[(i + 1)..]);
            }

            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : null;
            if (name is null || !known.Contains(name) || i + 1 == args.Length || !values.TryAdd(name, args[i + 1]))
            {
                throw new ArgumentException($"unexpected argument {args[i]} (options: {string.Join(", ", known.Select(k => "--" + k))})");
            }

            i++;
        }

        return new CommandArgs(values, []);
    }

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public string Required(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required");

    /// <summary>A comma-separated list of policy counts, such as <c>10,100,1000,10000</c>.</summary>
    public static int[] Sizes(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new ArgumentException($"not a policy count: {s}"))];
}
