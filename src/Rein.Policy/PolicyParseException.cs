namespace Rein.Policy;

/// <summary>Text that is not valid Cedar (policies, schema or entity JSON); names the line and column where reading stopped.</summary>
public sealed class PolicyParseException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public PolicyParseException(string message, int line, int column)
        : base(line > 0 ? $"{message} (line {line}, column {column})" : message)
    {
        Reason = message;
        Line = line;
        Column = column;
    }

    /// <summary>Creates the exception with no position.</summary>
    public PolicyParseException()
        : this("invalid Cedar text", 0, 0)
    {
    }

    /// <summary>Creates the exception with no position.</summary>
    public PolicyParseException(string message)
        : this(message, 0, 0)
    {
    }

    /// <summary>Creates the exception with no position, wrapping a cause.</summary>
    public PolicyParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; } = string.Empty;

    /// <summary>The 1-based line, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>The 1-based column, or 0 when unknown.</summary>
    public int Column { get; }
}
