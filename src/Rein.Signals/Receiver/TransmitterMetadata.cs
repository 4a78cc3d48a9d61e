namespace Rein.Signals.Receiver;

/// <summary>What Rein uses from a transmitter's configuration metadata (SSF 1.0 §7.1).</summary>
public sealed record TransmitterMetadata
{
    public required string Issuer { get; init; }
    public Uri? JwksUri { get; init; }
    public Uri? ConfigurationEndpoint { get; init; }
    public Uri? VerificationEndpoint { get; init; }
}
