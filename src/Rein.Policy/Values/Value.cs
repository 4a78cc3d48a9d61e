using System.Globalization;
using System.Text;
using Rein.Policy.Extensions;
using Rein.Policy.Text;

namespace Rein.Policy.Values;

/// <summary>
/// A Cedar value. A small struct: booleans, integers and the numeric extension values live inline,
/// strings, entity references, sets, records and IP addresses by reference.
/// </summary>
public readonly struct Value : IEquatable<Value>
{
    private readonly long _bits;
    private readonly object? _ref;

    private Value(ValueKind kind, long bits, object? reference)
    {
        Kind = kind;
        _bits = bits;
        _ref = reference;
    }

    /// <summary>The boolean <c>true</c>.</summary>
    public static Value True { get; } = new(ValueKind.Bool, 1, null);

    /// <summary>The boolean <c>false</c>.</summary>
    public static Value False { get; } = new(ValueKind.Bool, 0, null);

    /// <summary>The runtime type of this value.</summary>
    public ValueKind Kind { get; }

    internal long Bits => _bits;

    internal object? Ref => _ref;

    /// <summary>A boolean value.</summary>
    public static Value FromBool(bool value) => value ? True : False;

    /// <summary>A 64-bit integer value.</summary>
    public static Value FromLong(long value) => new(ValueKind.Long, value, null);

    /// <summary>A string value.</summary>
    public static Value FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(ValueKind.String, 0, value);
    }

    /// <summary>An entity reference.</summary>
    public static Value FromEntity(EntityUid uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        return new(ValueKind.Entity, 0, uid);
    }

    /// <summary>A set; duplicates are removed.</summary>
    public static Value FromSet(IEnumerable<Value> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return FromSet(SetValue.Create([.. values]));
    }

    /// <summary>A record; a repeated attribute name keeps the last value.</summary>
    public static Value FromRecord(IEnumerable<KeyValuePair<string, Value>> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var map = attributes.TryGetNonEnumeratedCount(out var count)
            ? new Dictionary<string, Value>(count, StringComparer.Ordinal)
            : new Dictionary<string, Value>(StringComparer.Ordinal);
        foreach (var (key, value) in attributes)
        {
            map[key] = value;
        }

        return FromRecord(new RecordValue(map));
    }

    /// <summary>A <c>decimal</c> parsed as Cedar's <c>decimal("...")</c> does.</summary>
    /// <exception cref="FormatException">The text is not a Cedar decimal.</exception>
    public static Value ParseDecimal(string text) =>
        CedarDecimal.TryParse(text, out var v) ? FromDecimalBits(v) : throw new FormatException("not a Cedar decimal: " + text);

    /// <summary>An <c>ipaddr</c> parsed as Cedar's <c>ip("...")</c> does.</summary>
    /// <exception cref="FormatException">The text is not an IP address or range.</exception>
    public static Value ParseIpAddr(string text) =>
        IpAddr.TryParse(text, out var v) ? FromIp(v!) : throw new FormatException("not a Cedar ipaddr: " + text);

    /// <summary>A <c>datetime</c> parsed as Cedar's <c>datetime("...")</c> does.</summary>
    /// <exception cref="FormatException">The text is not a Cedar datetime.</exception>
    public static Value ParseDateTime(string text) =>
        CedarDateTime.TryParse(text, out var v) ? FromDateTimeMillis(v) : throw new FormatException("not a Cedar datetime: " + text);

    /// <summary>A <c>duration</c> parsed as Cedar's <c>duration("...")</c> does.</summary>
    /// <exception cref="FormatException">The text is not a Cedar duration.</exception>
    public static Value ParseDuration(string text) =>
        CedarDuration.TryParse(text, out var v) ? FromDurationMillis(v) : throw new FormatException("not a Cedar duration: " + text);

    /// <summary>A <c>datetime</c> from milliseconds since the Unix epoch.</summary>
    public static Value FromDateTimeMillis(long epochMillis) => new(ValueKind.DateTime, epochMillis, null);

    /// <summary>A <c>duration</c> from milliseconds.</summary>
    public static Value FromDurationMillis(long millis) => new(ValueKind.Duration, millis, null);

    internal static Value FromDecimalBits(long scaled) => new(ValueKind.Decimal, scaled, null);

    internal static Value FromIp(IpAddr ip) => new(ValueKind.IpAddr, 0, ip);

    internal static Value FromSet(SetValue set) => new(ValueKind.Set, 0, set);

    internal static Value FromRecord(RecordValue record) => new(ValueKind.Record, 0, record);

    /// <summary>The boolean, if <see cref="Kind"/> is <see cref="ValueKind.Bool"/>.</summary>
    public bool AsBool() => Kind == ValueKind.Bool ? _bits != 0 : throw WrongKind(ValueKind.Bool);

    /// <summary>The integer, if <see cref="Kind"/> is <see cref="ValueKind.Long"/>.</summary>
    public long AsLong() => Kind == ValueKind.Long ? _bits : throw WrongKind(ValueKind.Long);

    /// <summary>The string, if <see cref="Kind"/> is <see cref="ValueKind.String"/>.</summary>
    public string AsString() => Kind == ValueKind.String ? (string)_ref! : throw WrongKind(ValueKind.String);

    /// <summary>The entity reference, if <see cref="Kind"/> is <see cref="ValueKind.Entity"/>.</summary>
    public EntityUid AsEntity() => Kind == ValueKind.Entity ? (EntityUid)_ref! : throw WrongKind(ValueKind.Entity);

    /// <summary>The elements, if <see cref="Kind"/> is <see cref="ValueKind.Set"/>.</summary>
    public IReadOnlyList<Value> AsSet() => Kind == ValueKind.Set ? (SetValue)_ref! : throw WrongKind(ValueKind.Set);

    /// <summary>The attributes, if <see cref="Kind"/> is <see cref="ValueKind.Record"/>.</summary>
    public IReadOnlyDictionary<string, Value> AsRecord() => Kind == ValueKind.Record ? (RecordValue)_ref! : throw WrongKind(ValueKind.Record);

    internal SetValue SetRef => (SetValue)_ref!;

    internal RecordValue RecordRef => (RecordValue)_ref!;

    internal EntityUid EntityRef => (EntityUid)_ref!;

    internal string StringRef => (string)_ref!;

    internal IpAddr IpRef => (IpAddr)_ref!;

    private InvalidOperationException WrongKind(ValueKind expected) =>
        new($"value is {Kind}, not {expected}");

    /// <inheritdoc />
    public bool Equals(Value other)
    {
        if (Kind != other.Kind)
        {
            return false;
        }

        return Kind switch
        {
            ValueKind.Bool or ValueKind.Long or ValueKind.Decimal or ValueKind.DateTime or ValueKind.Duration => _bits == other._bits,
            ValueKind.String => string.Equals((string)_ref!, (string)other._ref!, StringComparison.Ordinal),
            ValueKind.None => true,
            _ => ReferenceEquals(_ref, other._ref) || _ref!.Equals(other._ref),
        };
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Value v && Equals(v);

    /// <inheritdoc />
    public override int GetHashCode() => Kind switch
    {
        ValueKind.Bool or ValueKind.Long or ValueKind.Decimal or ValueKind.DateTime or ValueKind.Duration => HashCode.Combine(Kind, _bits),
        ValueKind.String => HashCode.Combine(Kind, StringComparer.Ordinal.GetHashCode((string)_ref!)),
        ValueKind.None => 0,
        _ => HashCode.Combine(Kind, _ref!.GetHashCode()),
    };

    /// <summary>Equality as Cedar's <c>==</c> defines it.</summary>
    public static bool operator ==(Value left, Value right) => left.Equals(right);

    /// <summary>Inequality as Cedar's <c>!=</c> defines it.</summary>
    public static bool operator !=(Value left, Value right) => !left.Equals(right);

    /// <summary>The value in Cedar syntax.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Append(sb);
        return sb.ToString();
    }

    internal void Append(StringBuilder sb)
    {
        switch (Kind)
        {
            case ValueKind.Bool: sb.Append(_bits != 0 ? "true" : "false"); break;
            case ValueKind.Long: sb.Append(_bits.ToString(CultureInfo.InvariantCulture)); break;
            case ValueKind.String: sb.Append(CedarText.Quote((string)_ref!)); break;
            case ValueKind.Entity: sb.Append(_ref); break;
            case ValueKind.Decimal: sb.Append("decimal(\"").Append(CedarDecimal.Format(_bits)).Append("\")"); break;
            case ValueKind.IpAddr: sb.Append("ip(\"").Append(_ref).Append("\")"); break;
            case ValueKind.DateTime: sb.Append(CedarDateTime.Format(_bits)); break;
            case ValueKind.Duration: sb.Append("duration(\"").Append(CedarDuration.Format(_bits)).Append("\")"); break;
            case ValueKind.Set:
                sb.Append('[');
                var first = true;
                foreach (var item in SetRef.Items)
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    item.Append(sb);
                }

                sb.Append(']');
                break;
            case ValueKind.Record:
                sb.Append('{');
                var firstAttr = true;
                foreach (var (key, value) in RecordRef)
                {
                    if (!firstAttr)
                    {
                        sb.Append(", ");
                    }

                    firstAttr = false;
                    sb.Append(CedarText.Quote(key)).Append(": ");
                    value.Append(sb);
                }

                sb.Append('}');
                break;
            default: sb.Append("<none>"); break;
        }
    }
}
