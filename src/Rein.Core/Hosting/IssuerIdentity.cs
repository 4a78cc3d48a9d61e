namespace Rein.Core.Hosting;

/// <summary>
/// This Rein's issuer URL (<c>iss</c> of every token). Fixed by configuration, or by the first listening address
/// once Kestrel has bound (port 0 in tests); set exactly once before the first request is served.
/// </summary>
public sealed class IssuerIdentity
{
    private string? _issuer;

    public bool IsSet => _issuer is not null;

    public string Issuer => _issuer ?? throw new InvalidOperationException("The issuer is not known before the server has started.");

    /// <summary>The token endpoint URL: the audience of client assertions and the <c>htu</c> of DPoP proofs.</summary>
    public string TokenEndpoint => Issuer + "/oauth/token";

    public void Set(string issuer)
    {
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        var trimmed = issuer.TrimEnd('/');
        if (Interlocked.CompareExchange(ref _issuer, trimmed, null) is { } existing && existing != trimmed)
        {
            throw new InvalidOperationException("The issuer is already set.");
        }
    }
}
