using System.Net;

namespace Rein.Gateway.Anomalies;

/// <summary>Where a token was first used, until it expires; and whether its reuse was already reported.</summary>
internal sealed class TokenUse(IPAddress? firstAddress, long expiresAt)
{
    public IPAddress? FirstAddress { get; } = firstAddress;
    public long ExpiresAt { get; } = expiresAt;
    public int NewAddressReported;
    public int MisuseReported;
}
