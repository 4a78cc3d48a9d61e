using System.Collections.Frozen;
using System.Text;
using Rein.Core.Configuration;
using Rein.Jose;

namespace Rein.Core.Registry;

/// <summary>
/// Holds the current <see cref="RegistrySnapshot"/>. Built from configuration; every key in it is parsed here, so a
/// bad key fails start-up with its path rather than a token request later.
/// </summary>
public sealed class ReinRegistry
{
    private volatile RegistrySnapshot _current;

    public ReinRegistry(ReinConfig config)
    {
        _current = Build(config);
    }

    public RegistrySnapshot Current => _current;

    /// <summary>Raised after a new snapshot is in place (route tables and catalogs rebuild from it).</summary>
    public event Action<RegistrySnapshot>? Changed;

    /// <summary>Swaps in a new configuration atomically, or throws with every error and changes nothing.</summary>
    public void Replace(ReinConfig config)
    {
        var snapshot = Build(config);
        _current = snapshot;
        Changed?.Invoke(snapshot);
    }

    /// <summary>Builds a snapshot, or throws <see cref="RegistryException"/> listing every key that could not be used.</summary>
    public static RegistrySnapshot Build(ReinConfig config)
    {
        var errors = new List<string>();
        var clients = new Dictionary<string, ClientRegistration>(StringComparer.Ordinal);
        var workloads = new Dictionary<string, ClientRegistration>(StringComparer.Ordinal);
        var bindings = new Dictionary<string, FrozenDictionary<string, FrozenSet<string>>>(StringComparer.Ordinal);

        for (var i = 0; i < config.Agents.Count; i++)
        {
            var agent = config.Agents[i];
            var registration = BuildClient(agent.Id, ClientKind.Agent, agent, agent.Credentials, $"agents[{i}]", errors);
            clients[agent.Id] = registration;
            AddWorkloads(registration, agent.Credentials, workloads);
            bindings[agent.Id] = agent.Tools.ToFrozenDictionary(
                p => p.Key, p => p.Value.ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal);
        }
        for (var i = 0; i < config.Admins.Count; i++)
        {
            var admin = config.Admins[i];
            var registration = BuildClient(admin.Id, ClientKind.Admin, null, admin.Credentials, $"admins[{i}]", errors);
            clients[admin.Id] = registration;
            AddWorkloads(registration, admin.Credentials, workloads);
        }

        var receivers = config.Signals?.Receivers ?? [];
        for (var i = 0; i < receivers.Count; i++)
        {
            var receiver = receivers[i];
            var registration = BuildClient(receiver.Id, ClientKind.SignalReceiver, null, receiver.Credentials, $"signals.receivers[{i}]", errors, receiver);
            clients[receiver.Id] = registration;
            AddWorkloads(registration, receiver.Credentials, workloads);
        }

        var trusted = new Dictionary<string, TrustedIssuer>(StringComparer.Ordinal);
        for (var i = 0; i < config.Trust.Count; i++)
        {
            var trust = config.Trust[i];
            JsonWebKeySet? keys = null;
            if (trust.JwksJson is not null && !JsonWebKeySet.TryParse(Encoding.UTF8.GetBytes(trust.JwksJson), requirePublicKeys: true, out keys, out var error))
            {
                errors.Add($"trust[{i}].jwks: {error}");
            }
            trusted[trust.Issuer] = new TrustedIssuer
            {
                Issuer = trust.Issuer,
                Audience = trust.Audience,
                Kind = trust.Kind,
                GroupsClaim = trust.GroupsClaim,
                InlineKeys = keys,
                JwksUri = trust.JwksUri is null ? null : new Uri(trust.JwksUri),
            };
        }

        if (errors.Count > 0) throw new RegistryException(errors);

        return new RegistrySnapshot
        {
            Config = config,
            ToolsById = config.Tools.ToFrozenDictionary(t => t.Id, StringComparer.Ordinal),
            ToolsByAudience = config.Tools.ToFrozenDictionary(t => t.Audience, StringComparer.Ordinal),
            Clients = clients.ToFrozenDictionary(StringComparer.Ordinal),
            TrustedIssuers = trusted.ToFrozenDictionary(StringComparer.Ordinal),
            Workloads = workloads.ToFrozenDictionary(StringComparer.Ordinal),
            Bindings = bindings.ToFrozenDictionary(StringComparer.Ordinal),
            ActionNames = config.Tools.SelectMany(t => t.Actions).Select(a => a.Name).ToFrozenSet(StringComparer.Ordinal),
        };
    }

    private static ClientRegistration BuildClient(string id, ClientKind kind, AgentConfig? agent,
        IReadOnlyList<CredentialConfig> credentials, string path, List<string> errors, SignalReceiverConfig? receiver = null)
    {
        var keys = new List<string>();
        ClientSecretCredential? secret = null;
        for (var c = 0; c < credentials.Count; c++)
        {
            switch (credentials[c])
            {
                case PrivateKeyJwtCredential pk:
                    if (!JsonWebKeySet.TryParse(Encoding.UTF8.GetBytes(pk.JwksJson), requirePublicKeys: true, out var set, out var error))
                    {
                        errors.Add($"{path}.credentials[{c}].jwks: {error}");
                    }
                    else if (set!.Keys.Count == 0)
                    {
                        errors.Add($"{path}.credentials[{c}].jwks: no usable key (EC P-256/P-384/P-521 or RSA ≥ 2048 bits)");
                    }
                    else
                    {
                        keys.Add(pk.JwksJson);
                    }
                    break;
                case ClientSecretCredential s:
                    secret = s;
                    break;
            }
        }

        JsonWebKeySet? merged = null;
        if (keys.Count > 0)
        {
            // Note: several private_key_jwt credentials (key rollover) are one key set to the broker.
            var json = "{\"keys\":[" + string.Join(',', keys.Select(k => InnerKeys(k))) + "]}";
            JsonWebKeySet.TryParse(Encoding.UTF8.GetBytes(json), requirePublicKeys: true, out merged, out _);
        }
        return new ClientRegistration { Id = id, Kind = kind, Agent = agent, SignalReceiver = receiver, Jwks = merged, Secret = secret };
    }

    private static string InnerKeys(string jwksJson)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(jwksJson);
        return string.Join(',', doc.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetRawText()));
    }

    private static void AddWorkloads(ClientRegistration registration, IReadOnlyList<CredentialConfig> credentials,
        Dictionary<string, ClientRegistration> workloads)
    {
        foreach (var credential in credentials)
        {
            if (credential is WorkloadCredential w) workloads[RegistrySnapshot.WorkloadKey(w.Issuer, w.Subject)] = registration;
        }
    }
}
