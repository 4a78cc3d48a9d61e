namespace Rein.Policy.Values;

/// <summary>The runtime type of a Cedar <see cref="Value"/>.</summary>
public enum ValueKind : byte
{
    /// <summary>The default value of the struct; never produced by evaluation.</summary>
    None = 0,
    /// <summary>A boolean.</summary>
    Bool,
    /// <summary>A signed 64-bit integer.</summary>
    Long,
    /// <summary>A string.</summary>
    String,
    /// <summary>An entity reference.</summary>
    Entity,
    /// <summary>A set of values.</summary>
    Set,
    /// <summary>A record (attribute name to value).</summary>
    Record,
    /// <summary>A <c>decimal</c> extension value (four fractional digits).</summary>
    Decimal,
    /// <summary>An <c>ipaddr</c> extension value.</summary>
    IpAddr,
    /// <summary>A <c>datetime</c> extension value (milliseconds since the Unix epoch).</summary>
    DateTime,
    /// <summary>A <c>duration</c> extension value (milliseconds).</summary>
    Duration,
}
