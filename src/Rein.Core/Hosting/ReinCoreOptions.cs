using Rein.Core.Configuration;
using Rein.Core.Keys;
using Rein.Core.Storage;

namespace Rein.Core.Hosting;

/// <summary>What the host tells Core at start: the loaded configuration, where data lives, and the store.</summary>
public sealed record ReinCoreOptions
{
    public required ReinConfig Config { get; init; }
    public required string DataDirectory { get; init; }
    public required StoreOptions Store { get; init; }
    public KeyRingOptions Keys { get; init; } = new();

    /// <summary>How often the revocation index reads what other instances wrote to the store.</summary>
    public TimeSpan RevocationPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The master key; when null it is loaded from the environment or the data directory.</summary>
    public MasterKey? MasterKey { get; init; }
}
