using System.Collections.Frozen;
using System.Text;
using Rein.Core.Configuration;
using Rein.Core.Registry;
using Rein.Core.Trust;
using Rein.Jose;

namespace Rein.Signals.Receiver;

/// <summary>
/// One configured transmitter, ready to verify its SETs: the algorithm allowlist, its keys (inline, from
/// <c>jwks_uri</c>, or found through its discovery document), its push credential and event overrides.
/// </summary>
internal sealed class Transmitter
{
    /// <summary>The longest SET accepted, checked before anything is decoded.</summary>
    public const int MaxSetLength = 64 * 1024;

    private volatile TrustedIssuer? _remoteKeys;

    public Transmitter(SignalTransmitterConfig config)
    {
        Config = config;
        ReadOptions = new JwsReadOptions
        {
            Algorithms = config.Algorithms.ToFrozenSet(StringComparer.Ordinal),
            AcceptedTypes = [Events.SecurityEventTypes.TokenType],
            MaxTokenLength = MaxSetLength,
        };
        if (config.JwksJson is not null)
        {
            if (!JsonWebKeySet.TryParse(Encoding.UTF8.GetBytes(config.JwksJson), requirePublicKeys: true, out var keys, out _))
            {
                throw new InvalidOperationException($"The keys of transmitter '{config.Id}' are invalid.");
            }
            InlineKeys = keys;
        }
        else if (config.JwksUri is not null)
        {
            _remoteKeys = new TrustedIssuer { Issuer = config.Issuer, Kind = "ssf-transmitter", JwksUri = new Uri(config.JwksUri) };
        }
        PushAuthorization = config.Push is null ? null : Encoding.UTF8.GetBytes(config.Push.Authorization);
        Actions = EventActionTable.For(config.Actions);
    }

    public SignalTransmitterConfig Config { get; }
    public string Id => Config.Id;
    public JwsReadOptions ReadOptions { get; }
    public JsonWebKeySet? InlineKeys { get; }

    /// <summary>The keys to fetch, once known (from config, or from the discovery document).</summary>
    public TrustedIssuer? RemoteKeys => _remoteKeys;

    /// <summary>Whether keys must still be found through discovery.</summary>
    public bool NeedsDiscovery => InlineKeys is null && _remoteKeys is null;

    /// <summary>The push <c>Authorization</c> value as UTF-8, for a constant-time comparison; null without push.</summary>
    public byte[]? PushAuthorization { get; }

    public EventActionTable Actions { get; }

    private long _lastDiscovery = long.MinValue;

    /// <summary>
    /// Whether a discovery attempt may run now: at most one per <paramref name="interval"/>, so SETs arriving while the
    /// transmitter's discovery document is unreachable do not each cause a fetch.
    /// </summary>
    public bool TryStartDiscovery(long nowMs, TimeSpan interval)
    {
        var last = Interlocked.Read(ref _lastDiscovery);
        if (last != long.MinValue && nowMs - last < (long)interval.TotalMilliseconds) return false;
        return Interlocked.CompareExchange(ref _lastDiscovery, nowMs, last) == last;
    }

    public void UseDiscoveredKeys(Uri jwksUri) =>
        _remoteKeys ??= new TrustedIssuer { Issuer = Config.Issuer, Kind = "ssf-transmitter", JwksUri = jwksUri };
}
