using System.Data.Common;

namespace Rein.Core.Storage;

/// <summary>Helpers for the few hand-written, prepared statements on write-heavy paths (audit, SSF outbox).</summary>
public static class DbCommandParameters
{
    /// <summary>Adds a parameter named <paramref name="name"/> to <paramref name="command"/> and returns it, for the caller to set per row.</summary>
    public static DbParameter AddParameter(this DbCommand command, string name)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Adds a parameter named <paramref name="name"/> holding <paramref name="value"/>.</summary>
    public static DbParameter AddParameter(this DbCommand command, string name, object value)
    {
        var parameter = command.AddParameter(name);
        parameter.Value = value;
        return parameter;
    }
}
