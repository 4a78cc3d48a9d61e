using System.Data.Common;

namespace Rein.Core.Configuration;

/// <summary>
/// The syntax of the <c>store</c> connection: <c>sqlite:PATH</c> or a PostgreSQL connection string. Messages never
/// repeat the value, because a connection string may hold a password.
/// </summary>
internal static class StoreRules
{
    private const string Expected =
        "expected 'sqlite:PATH' or a PostgreSQL connection string such as 'Host=db;Database=rein;Username=rein' (value not shown: it may hold a password)";

    /// <summary>Returns the error in <paramref name="store"/>, or <see langword="null"/> when it is valid.</summary>
    public static string? Check(string store)
    {
        const string SqlitePrefix = "sqlite:";
        if (store.StartsWith(SqlitePrefix, StringComparison.Ordinal))
        {
            var path = store[SqlitePrefix.Length..];
            return path.Trim().Length == 0 || path.Contains('\0', StringComparison.Ordinal) ? "expected a file path after 'sqlite:'" : null;
        }

        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = store;
        }
        catch (ArgumentException)
        {
            return Expected;
        }

        return builder.ContainsKey("Host") || builder.ContainsKey("Server") ? null : Expected;
    }
}
