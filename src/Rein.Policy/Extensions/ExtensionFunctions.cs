using Rein.Policy.Values;

namespace Rein.Policy.Extensions;

/// <summary>The Cedar extension functions (<c>decimal</c>, <c>ipaddr</c>, <c>datetime</c>/<c>duration</c>): lookup and application.</summary>
internal static class ExtensionFunctions
{
    private static readonly Dictionary<string, ExtensionFunction> Constructors = new(StringComparer.Ordinal)
    {
        ["decimal"] = ExtensionFunction.Decimal,
        ["ip"] = ExtensionFunction.Ip,
        ["datetime"] = ExtensionFunction.DateTime,
        ["duration"] = ExtensionFunction.Duration,
    };

    private static readonly Dictionary<string, ExtensionFunction> Methods = new(StringComparer.Ordinal)
    {
        ["lessThan"] = ExtensionFunction.LessThan,
        ["lessThanOrEqual"] = ExtensionFunction.LessThanOrEqual,
        ["greaterThan"] = ExtensionFunction.GreaterThan,
        ["greaterThanOrEqual"] = ExtensionFunction.GreaterThanOrEqual,
        ["isIpv4"] = ExtensionFunction.IsIpv4,
        ["isIpv6"] = ExtensionFunction.IsIpv6,
        ["isLoopback"] = ExtensionFunction.IsLoopback,
        ["isMulticast"] = ExtensionFunction.IsMulticast,
        ["isInRange"] = ExtensionFunction.IsInRange,
        ["offset"] = ExtensionFunction.Offset,
        ["durationSince"] = ExtensionFunction.DurationSince,
        ["toDate"] = ExtensionFunction.ToDate,
        ["toTime"] = ExtensionFunction.ToTime,
        ["toMilliseconds"] = ExtensionFunction.ToMilliseconds,
        ["toSeconds"] = ExtensionFunction.ToSeconds,
        ["toMinutes"] = ExtensionFunction.ToMinutes,
        ["toHours"] = ExtensionFunction.ToHours,
        ["toDays"] = ExtensionFunction.ToDays,
    };

    public static bool TryGetConstructor(string name, out ExtensionFunction function) => Constructors.TryGetValue(name, out function);

    public static bool TryGetMethod(string name, out ExtensionFunction function) => Methods.TryGetValue(name, out function);

    /// <summary>Any extension function by name, in function-call form (a method's receiver first), as JSON <c>__extn</c> uses.</summary>
    public static bool TryGetAny(string name, out ExtensionFunction function) =>
        Constructors.TryGetValue(name, out function) || Methods.TryGetValue(name, out function);

    /// <summary>The extension type a constructor builds from a string, for schema-typed JSON.</summary>
    public static bool TryConstruct(ValueKind kind, string text, out Value value)
    {
        value = default;
        switch (kind)
        {
            case ValueKind.Decimal:
                if (CedarDecimal.TryParse(text, out var d))
                {
                    value = Value.FromDecimalBits(d);
                    return true;
                }

                return false;
            case ValueKind.IpAddr:
                if (IpAddr.TryParse(text, out var ip))
                {
                    value = Value.FromIp(ip!);
                    return true;
                }

                return false;
            case ValueKind.DateTime:
                if (CedarDateTime.TryParse(text, out var dt))
                {
                    value = Value.FromDateTimeMillis(dt);
                    return true;
                }

                return false;
            case ValueKind.Duration:
                if (CedarDuration.TryParse(text, out var du))
                {
                    value = Value.FromDurationMillis(du);
                    return true;
                }

                return false;
            default:
                return false;
        }
    }

    public static bool TryCall(ExtensionFunction function, ReadOnlySpan<Value> args, out Value value)
    {
        value = default;
        switch (function)
        {
            case ExtensionFunction.Decimal:
                return args.Length == 1 && args[0].Kind == ValueKind.String && TryConstruct(ValueKind.Decimal, args[0].StringRef, out value);
            case ExtensionFunction.Ip:
                return args.Length == 1 && args[0].Kind == ValueKind.String && TryConstruct(ValueKind.IpAddr, args[0].StringRef, out value);
            case ExtensionFunction.DateTime:
                return args.Length == 1 && args[0].Kind == ValueKind.String && TryConstruct(ValueKind.DateTime, args[0].StringRef, out value);
            case ExtensionFunction.Duration:
                return args.Length == 1 && args[0].Kind == ValueKind.String && TryConstruct(ValueKind.Duration, args[0].StringRef, out value);
            case ExtensionFunction.LessThan:
            case ExtensionFunction.LessThanOrEqual:
            case ExtensionFunction.GreaterThan:
            case ExtensionFunction.GreaterThanOrEqual:
                {
                    if (!Is(args, 2, ValueKind.Decimal) || args[1].Kind != ValueKind.Decimal)
                    {
                        return false;
                    }

                    long a = args[0].Bits, b = args[1].Bits;
                    value = Value.FromBool(function switch
                    {
                        ExtensionFunction.LessThan => a < b,
                        ExtensionFunction.LessThanOrEqual => a <= b,
                        ExtensionFunction.GreaterThan => a > b,
                        _ => a >= b,
                    });
                    return true;
                }

            case ExtensionFunction.IsIpv4:
            case ExtensionFunction.IsIpv6:
            case ExtensionFunction.IsLoopback:
            case ExtensionFunction.IsMulticast:
                {
                    if (!Is(args, 1, ValueKind.IpAddr))
                    {
                        return false;
                    }

                    var ip = args[0].IpRef;
                    value = Value.FromBool(function switch
                    {
                        ExtensionFunction.IsIpv4 => ip.IsV4,
                        ExtensionFunction.IsIpv6 => !ip.IsV4,
                        ExtensionFunction.IsLoopback => ip.IsLoopback,
                        _ => ip.IsMulticast,
                    });
                    return true;
                }

            case ExtensionFunction.IsInRange:
                if (!Is(args, 2, ValueKind.IpAddr) || args[1].Kind != ValueKind.IpAddr)
                {
                    return false;
                }

                value = Value.FromBool(args[0].IpRef.IsInRange(args[1].IpRef));
                return true;
            case ExtensionFunction.Offset:
                {
                    if (!Is(args, 2, ValueKind.DateTime) || args[1].Kind != ValueKind.Duration)
                    {
                        return false;
                    }

                    var sum = unchecked(args[0].Bits + args[1].Bits);
                    if (((args[0].Bits ^ sum) & (args[1].Bits ^ sum)) < 0)
                    {
                        return false;
                    }

                    value = Value.FromDateTimeMillis(sum);
                    return true;
                }

            case ExtensionFunction.DurationSince:
                {
                    if (!Is(args, 2, ValueKind.DateTime) || args[1].Kind != ValueKind.DateTime)
                    {
                        return false;
                    }

                    long a = args[0].Bits, b = args[1].Bits;
                    var diff = unchecked(a - b);
                    if (((a ^ b) & (a ^ diff)) < 0)
                    {
                        return false;
                    }

                    value = Value.FromDurationMillis(diff);
                    return true;
                }

            case ExtensionFunction.ToDate:
                {
                    if (!Is(args, 1, ValueKind.DateTime) || !CedarDateTime.TryToDate(args[0].Bits, out var date))
                    {
                        return false;
                    }

                    value = Value.FromDateTimeMillis(date);
                    return true;
                }

            case ExtensionFunction.ToTime:
                if (!Is(args, 1, ValueKind.DateTime))
                {
                    return false;
                }

                value = Value.FromDurationMillis(CedarDateTime.ToTime(args[0].Bits));
                return true;
            case ExtensionFunction.ToMilliseconds:
            case ExtensionFunction.ToSeconds:
            case ExtensionFunction.ToMinutes:
            case ExtensionFunction.ToHours:
            case ExtensionFunction.ToDays:
                {
                    if (!Is(args, 1, ValueKind.Duration))
                    {
                        return false;
                    }

                    var ms = args[0].Bits;
                    value = Value.FromLong(function switch
                    {
                        ExtensionFunction.ToMilliseconds => ms,
                        ExtensionFunction.ToSeconds => ms / 1000,
                        ExtensionFunction.ToMinutes => ms / 1000 / 60,
                        ExtensionFunction.ToHours => ms / 1000 / 60 / 60,
                        _ => ms / 1000 / 60 / 60 / 24,
                    });
                    return true;
                }

            default:
                return false;
        }
    }

    private static bool Is(ReadOnlySpan<Value> args, int arity, ValueKind first) =>
        args.Length == arity && args[0].Kind == first;
}
