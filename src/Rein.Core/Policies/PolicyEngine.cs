using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Rein.Core.Configuration;
using Rein.Core.Registry;
using Rein.Policy;
using Rein.Policy.Values;

namespace Rein.Core.Policies;

/// <summary>
/// Decides "may this agent do this action on this tool, now, in this context" with the Cedar policies in the
/// directory named by <c>policies:</c>. Default deny, forbid wins. The policy set and entity store are immutable
/// and swapped whole: a reload with any error keeps the previous set and reports every error. Without
/// <c>policies:</c> the engine is off and scopes alone decide.
/// </summary>
public sealed partial class PolicyEngine
{
    private readonly string? _directory;
    private readonly ILogger<PolicyEngine> _logger;
    private readonly TimeProvider _time;
    private volatile PolicySet? _policies;
    private volatile EntityStore _entities;
    private volatile PolicyLoadResult _lastLoad;

    public PolicyEngine(ReinRegistry registry, Hosting.ReinCoreOptions options, TimeProvider time, ILogger<PolicyEngine> logger)
    {
        _directory = options.Config.Policies;
        _logger = logger;
        _time = time;
        _entities = ReinEntities.Build(registry.Current);
        registry.Changed += snapshot =>
        {
            _entities = ReinEntities.Build(snapshot);
            _withUser.Clear();
        };
        _lastLoad = new PolicyLoadResult(true, 0, [], time.GetUtcNow());
    }

    /// <summary>Whether policies are configured (otherwise every decision is <see cref="PolicyDecision.NotConfigured"/>).</summary>
    public bool Enabled => _directory is not null;

    public string? Directory => _directory;

    public PolicySet? Policies => _policies;

    public PolicyLoadResult LastLoad => _lastLoad;

    /// <summary>(Re)loads the directory. On any error the previous set stays in force.</summary>
    public PolicyLoadResult Reload()
    {
        if (_directory is null) return _lastLoad;
        var (set, errors) = PolicyDirectory.Load(_directory);
        if (set is null)
        {
            foreach (var error in errors) LogPolicyError(_logger, error);
            _lastLoad = new PolicyLoadResult(false, _policies?.Policies.Count ?? 0, errors, _time.GetUtcNow());
            return _lastLoad;
        }
        _policies = set;
        _lastLoad = new PolicyLoadResult(true, set.Policies.Count, [], _time.GetUtcNow());
        LogPoliciesLoaded(_logger, set.Policies.Count);
        return _lastLoad;
    }

    public PolicyDecision Authorize(string agentId, string toolId, string action, RiskTier actionRisk, RiskTier toolRisk, PolicyContext context)
    {
        if (_directory is null) return PolicyDecision.NotConfigured;
        var policies = _policies;
        if (policies is null) return new PolicyDecision(false, [], []);
        var request = new Request(ReinEntities.Agent(agentId), ReinEntities.Action(action), ReinEntities.Tool(toolId),
            Context(toolId, actionRisk, toolRisk, context));
        var answer = Authorizer.IsAuthorized(request, policies, context.User is { } user ? WithUser(user, context.UserGroups) : _entities);
        return new PolicyDecision(answer.IsAllowed, answer.Reason, ErroringPolicies(answer.Errors));
    }

    private static IReadOnlyList<string> ErroringPolicies(IReadOnlyList<PolicyError> errors)
    {
        if (errors.Count == 0) return [];
        var ids = new string[errors.Count];
        for (var i = 0; i < ids.Length; i++) ids[i] = errors[i].PolicyId;
        return ids;
    }

    /// <summary>
    /// The client address as a Cedar <c>ipaddr</c>, parsed once per address: the text round trip (format, then parse
    /// as Cedar's <c>ip("...")</c>) was most of the context's cost. Bounded; past the bound addresses are parsed per call.
    /// </summary>
    private static Value ClientIp(IPAddress address)
    {
        if (IpValues.TryGetValue(address, out var value)) return value;
        var ip = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        value = Value.ParseIpAddr(ip.ToString());
        if (IpValues.Count < MaxCachedAddresses) IpValues.TryAdd(address, value);
        return value;
    }

    /// <summary>
    /// The registry's entities plus the person a delegated token acts for, a member of their groups (a layer over the
    /// shared store: its closure is computed once, when the layer is built, and the registry's is never recomputed),
    /// kept per person and groups while the registry stays the same: the same person with other groups (a newer token)
    /// gets a layer of their own. Bounded: full, it is emptied and fills again.
    /// </summary>
    private EntityStore WithUser(string userKey, IReadOnlyList<string> groups)
    {
        var entities = _entities;
        var key = new UserLayerKey(userKey, groups);
        if (_withUser.TryGetValue(key, out var cached) && ReferenceEquals(cached.Base, entities)) return cached.Store;
        var store = entities.WithEntities([ReinEntities.UserEntity(userKey, groups)]);
        // Note: at the bound the cache starts over rather than stop caching: the people active now fill it again, and
        // only a miss ever counts it (ConcurrentDictionary.Count takes every lock).
        if (_withUser.Count >= MaxCachedUsers) _withUser.Clear();
        // Note: the stored key holds its own copy of the groups, so no caller's list can change a cached key.
        _withUser[new UserLayerKey(userKey, [.. groups])] = (entities, store);
        return store;
    }

    /// <summary>A person and their groups, compared by value (in order: a token's groups keep their issuer's order).</summary>
    private readonly struct UserLayerKey(string user, IReadOnlyList<string> groups) : IEquatable<UserLayerKey>
    {
        private readonly string _user = user;
        private readonly IReadOnlyList<string> _groups = groups;

        public bool Equals(UserLayerKey other)
        {
            if (!string.Equals(_user, other._user, StringComparison.Ordinal) || _groups.Count != other._groups.Count) return false;
            if (ReferenceEquals(_groups, other._groups)) return true;
            for (var i = 0; i < _groups.Count; i++)
            {
                if (!string.Equals(_groups[i], other._groups[i], StringComparison.Ordinal)) return false;
            }
            return true;
        }

        public override bool Equals(object? obj) => obj is UserLayerKey other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(_user, StringComparer.Ordinal);
            for (var i = 0; i < _groups.Count; i++) hash.Add(_groups[i], StringComparer.Ordinal);
            return hash.ToHashCode();
        }
    }

    private const int MaxCachedUsers = 10_000;
    private readonly ConcurrentDictionary<UserLayerKey, (EntityStore Base, EntityStore Store)> _withUser = new();

    private const int MaxCachedAddresses = 10_000;
    private static readonly ConcurrentDictionary<IPAddress, Value> IpValues = new();

    private static Value Context(string toolId, RiskTier actionRisk, RiskTier toolRisk, PolicyContext context)
    {
        var attributes = new List<KeyValuePair<string, Value>>(10 + (context.ClientIp is null ? 0 : 1) + (context.Transaction is null ? 0 : 1) + (context.User is null ? 0 : 1))
        {
            new("stage", Value.FromString(context.Stage)),
            new("tool", Value.FromString(toolId)),
            new("action_risk", Value.FromString(ReinEntities.Name(actionRisk))),
            new("tool_risk", Value.FromString(ReinEntities.Name(toolRisk))),
            new("assurance", Value.FromString(context.Assurance)),
            new("device_compliant", Value.FromBool(context.DeviceCompliant)),
            new("risk_level", Value.FromString(context.RiskLevel)),
            new("delegated", Value.FromBool(context.Delegated)),
            new("approval", Value.FromBool(context.Approval)),
            new("time", Value.FromDateTimeMillis(context.Time.ToUnixTimeMilliseconds())),
        };
        if (context.ClientIp is { } ip) attributes.Add(new("client_ip", ClientIp(ip)));
        if (context.Transaction is { } txn) attributes.Add(new("txn", Value.FromString(txn)));
        if (context.User is { } user) attributes.Add(new("user", Value.FromEntity(ReinEntities.User(user))));
        return Value.FromRecord(attributes);
    }

    [LoggerMessage(EventId = 1201, EventName = "PoliciesLoaded", Level = LogLevel.Information, Message = "Loaded {Count} policies")]
    private static partial void LogPoliciesLoaded(ILogger logger, int count);

    [LoggerMessage(EventId = 1202, EventName = "PolicyError", Level = LogLevel.Error, Message = "Policy error (previous policies stay in force): {Error}")]
    private static partial void LogPolicyError(ILogger logger, string error);
}
