namespace Rein.Policy.Values;

/// <summary>An entity identifier: a (possibly namespaced) entity type and an id, as in <c>ns::User::"alice"</c>.</summary>
public sealed class EntityUid : IEquatable<EntityUid>
{
    private readonly int _hash;

    /// <summary>Creates an entity identifier.</summary>
    /// <param name="type">The entity type, namespaces joined by <c>::</c>.</param>
    /// <param name="id">The entity id.</param>
    public EntityUid(string type, string id)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(id);
        Type = type;
        Id = id;
        _hash = HashCode.Combine(StringComparer.Ordinal.GetHashCode(type), StringComparer.Ordinal.GetHashCode(id));
    }

    /// <summary>The entity type, for example <c>User</c> or <c>Acme::User</c>.</summary>
    public string Type { get; }

    /// <summary>The entity id.</summary>
    public string Id { get; }

    /// <summary>Parses the Cedar literal form, for example <c>Acme::User::"alice"</c>.</summary>
    /// <exception cref="PolicyParseException">The text is not an entity literal.</exception>
    public static EntityUid Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var e = Parsing.PolicyParser.ParseExpression(text);
        return e is Evaluation.ConstantExpr { Value.Kind: ValueKind.Entity } c
            ? c.Value.EntityRef
            : throw new PolicyParseException("not an entity literal: " + text);
    }

    /// <inheritdoc />
    public bool Equals(EntityUid? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (_hash == other._hash && string.Equals(Id, other.Id, StringComparison.Ordinal) && string.Equals(Type, other.Type, StringComparison.Ordinal)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as EntityUid);

    /// <inheritdoc />
    public override int GetHashCode() => _hash;

    /// <summary>The Cedar literal form, for example <c>User::"alice"</c>.</summary>
    public override string ToString() => Type + "::" + Text.CedarText.Quote(Id);
}
