namespace Rein.Core.Registry;

/// <summary>The configuration loaded, but some of it cannot be used (a key that does not parse, …). Lists every problem.</summary>
public sealed class RegistryException(IReadOnlyList<string> errors)
    : Exception("The configuration cannot be used:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
