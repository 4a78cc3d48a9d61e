using Microsoft.Extensions.Logging;
using Rein.Core.Configuration;
using Rein.Core.Hosting;
using Rein.Core.Registry;
using Rein.Signals.Events;
using Rein.Signals.Transmitter.Subjects;

namespace Rein.Signals.Transmitter.Events;

/// <summary>
/// When the registry is replaced, every agent whose declared credentials changed gets a CAEP
/// <c>credential-change</c> per kind of credential: <c>create</c> when the kind appears, <c>delete</c> when it goes,
/// <c>update</c> when its keys, workload identity or secret change. Kinds map to <c>credential_type</c>:
/// private_key_jwt → <c>jwk</c>, client_secret_basic → <c>password</c>, workload → <c>workload</c>.
/// </summary>
internal sealed partial class CredentialChangeWatcher(ReinRegistry registry, IssuerIdentity identity, EventFanout fanout, TimeProvider time, ILogger<CredentialChangeWatcher> logger)
{
    private RegistrySnapshot? _previous;
    private readonly Lock _gate = new();

    public void Start()
    {
        lock (_gate) _previous = registry.Current;
        registry.Changed += OnChanged;
    }

    private void OnChanged(RegistrySnapshot snapshot)
    {
        RegistrySnapshot? before;
        lock (_gate)
        {
            before = _previous;
            _previous = snapshot;
        }
        if (before is null || !identity.IsSet) return;
        var emitted = Changes(before.Config, snapshot.Config, identity.Issuer, time.GetUtcNow());
        if (emitted.Count == 0) return;
        // Note: the registry raises this synchronously inside Replace; the SETs are written without holding it up.
        _ = Task.Run(async () =>
        {
            try
            {
                await fanout.EmitAsync(emitted, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException)
            {
                LogFailed(logger, ex);
            }
        });
    }

    internal static IReadOnlyList<EmittedEvent> Changes(ReinConfig before, ReinConfig after, string issuer, DateTimeOffset now)
    {
        var emitted = new List<EmittedEvent>();
        var old = before.Agents.ToDictionary(a => a.Id, StringComparer.Ordinal);
        foreach (var agent in after.Agents)
        {
            if (!old.TryGetValue(agent.Id, out var previous)) continue;
            var txn = SetWriter.NewJti();
            foreach (var (kind, type) in Kinds)
            {
                var was = previous.Credentials.Where(c => c.GetType() == kind).ToList();
                var current = agent.Credentials.Where(c => c.GetType() == kind).ToList();
                if (was.Count == current.Count && was.All(current.Contains)) continue;
                var change = was.Count == 0 ? "create" : current.Count == 0 ? "delete" : "update";
                emitted.Add(new EmittedEvent(SecurityEventTypes.CredentialChange, SubjectIdentifier.IssSub(issuer, agent.Id), txn, SetWriter.EventJson(w =>
                {
                    w.WriteString("credential_type"u8, type);
                    w.WriteString("change_type"u8, change);
                    w.WriteNumber("event_timestamp"u8, now.ToUnixTimeSeconds());
                    w.WriteString("initiating_entity"u8, "admin");
                    w.WritePropertyName("reason_admin"u8);
                    w.WriteStartObject();
                    w.WriteString("en"u8, $"the agent's declared {type} credentials changed ({change})");
                    w.WriteEndObject();
                })));
            }
        }
        return emitted;
    }

    private static readonly (Type Kind, string CredentialType)[] Kinds =
    [
        (typeof(PrivateKeyJwtCredential), "jwk"),
        (typeof(ClientSecretCredential), "password"),
        (typeof(WorkloadCredential), "workload"),
    ];

    [LoggerMessage(EventId = 5208, EventName = "SsfCredentialChangeFailed", Level = LogLevel.Error, Message = "Could not queue credential-change SETs after a registry change")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
