namespace Rein.Core.Storage;

/// <summary>Which database backs the store.</summary>
public enum StoreProvider { Sqlite, PostgreSql }

/// <summary>Where the store lives, resolved from <c>--store</c>, the config file's <c>store:</c> or the data directory.</summary>
public sealed record StoreOptions(StoreProvider Provider, string ConnectionString)
{
    /// <summary>
    /// Resolves a store setting: <c>sqlite:PATH</c>, a PostgreSQL connection string (<c>Host=…</c>), or, when
    /// empty, SQLite in <paramref name="dataDirectory"/>.
    /// </summary>
    public static StoreOptions Resolve(string? store, string dataDirectory)
    {
        if (string.IsNullOrWhiteSpace(store))
        {
            return Sqlite(Path.Combine(dataDirectory, "rein.db"));
        }

        if (store.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = store["sqlite:".Length..];
            return Sqlite(Path.IsPathRooted(path) ? path : Path.Combine(dataDirectory, path));
        }

        if (store.Contains("Host=", StringComparison.OrdinalIgnoreCase) ||
            store.StartsWith("postgres", StringComparison.OrdinalIgnoreCase))
        {
            return new StoreOptions(StoreProvider.PostgreSql, store);
        }

        throw new ArgumentException("The store must be 'sqlite:PATH' or a PostgreSQL connection string (Host=...).");
    }

    private static StoreOptions Sqlite(string path) =>
        new(StoreProvider.Sqlite, $"Data Source={path};Pooling=True");

    /// <summary>A description safe for logs: never the connection string's password.</summary>
    public string Describe() => Provider switch
    {
        StoreProvider.Sqlite => "SQLite " + ConnectionString["Data Source=".Length..ConnectionString.IndexOf(';', StringComparison.Ordinal)],
        _ => "PostgreSQL " + DescribePostgres(ConnectionString),
    };

    private static string DescribePostgres(string cs)
    {
        string? host = null, db = null;
        foreach (var part in cs.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) continue;
            var key = part[..eq].Trim();
            if (key.Equals("Host", StringComparison.OrdinalIgnoreCase)) host = part[(eq + 1)..];
            if (key.Equals("Database", StringComparison.OrdinalIgnoreCase)) db = part[(eq + 1)..];
        }
        return $"{host ?? "?"}/{db ?? "?"}";
    }
}
