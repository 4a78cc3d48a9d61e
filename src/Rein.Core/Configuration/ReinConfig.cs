namespace Rein.Core.Configuration;

/// <summary>
/// The registry's desired state as declared in <c>rein.yaml</c> (DESIGN §5). Instances are immutable and are swapped
/// whole when the configuration changes; obtain one from <see cref="ConfigLoader"/>, which guarantees that every
/// rule in <see cref="ConfigValidator"/> holds.
/// </summary>
public sealed record ReinConfig
{
    /// <summary>
    /// The issuer identifier Rein uses in the tokens it issues (yaml <c>issuer</c>): an absolute http(s) URL without
    /// query or fragment; https unless the host is loopback. <see langword="null"/> means the first listening URL.
    /// </summary>
    public string? Issuer { get; init; }

    /// <summary>
    /// The store connection (yaml <c>store</c>): <c>sqlite:PATH</c> or a PostgreSQL connection string
    /// (<c>Host=...</c>). <see langword="null"/> means the embedded SQLite default.
    /// </summary>
    public string? Store { get; init; }

    /// <summary>
    /// A directory of Cedar policies (yaml <c>policies</c>), relative to the config file. When set, every token
    /// issuance and every gateway call is decided by them (default deny); when absent, scopes alone decide.
    /// </summary>
    public string? Policies { get; init; }

    /// <summary>The tools (upstream APIs) Rein issues tokens for and guards (yaml <c>tools</c>).</summary>
    public IReadOnlyList<ToolConfig> Tools { get; init; } = [];

    /// <summary>The agents (OAuth clients) and what they may call (yaml <c>agents</c>).</summary>
    public IReadOnlyList<AgentConfig> Agents { get; init; } = [];

    /// <summary>The clients allowed to call the admin API (yaml <c>admins</c>).</summary>
    public IReadOnlyList<AdminConfig> Admins { get; init; } = [];

    /// <summary>The issuers whose tokens Rein accepts as workload or user credentials (yaml <c>trust</c>).</summary>
    public IReadOnlyList<TrustConfig> Trust { get; init; } = [];

    /// <summary>Shared signals: SSF receiver and transmitter (yaml <c>signals</c>).</summary>
    public SignalsConfig Signals { get; init; } = SignalsConfig.Empty;

    /// <summary>A configuration with nothing declared: what an empty <c>rein.yaml</c> loads to.</summary>
    public static ReinConfig Empty { get; } = new();
}
