namespace Rein.Core.Configuration;

/// <summary>
/// The outcome of loading a configuration: either a complete, valid <see cref="ReinConfig"/> or every error found,
/// never both and never a partial configuration.
/// </summary>
public sealed class ConfigLoadResult
{
    private ConfigLoadResult(ReinConfig? config, IReadOnlyList<ConfigError> errors)
    {
        Config = config;
        Errors = errors;
    }

    /// <summary>Whether the configuration loaded without errors; <see cref="Config"/> is then set.</summary>
    public bool Succeeded => Config is not null;

    /// <summary>The configuration, or <see langword="null"/> when there are errors.</summary>
    public ReinConfig? Config { get; }

    /// <summary>Every error found, in file order; empty when <see cref="Succeeded"/>.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }

    /// <summary>Lists the errors one per line (or says that the configuration is valid), for start-up failure output.</summary>
    public override string ToString() => Succeeded
        ? "configuration is valid"
        : string.Join(Environment.NewLine, Errors.Select(error => error.ToString()));

    internal static ConfigLoadResult Success(ReinConfig config) => new(config, []);

    internal static ConfigLoadResult Failure(IReadOnlyList<ConfigError> errors) => new(null, errors);
}
