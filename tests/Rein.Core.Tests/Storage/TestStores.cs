using Npgsql;
using Rein.Core.Storage;

namespace Rein.Core.Tests.Storage;

/// <summary>
/// The stores every store test runs against: SQLite always, PostgreSQL when <c>REIN_TEST_POSTGRES</c> names a server
/// (CI sets it, and sets <c>REIN_REQUIRE_POSTGRES=1</c> so a missing server fails instead of being skipped).
/// </summary>
internal static class TestStores
{
    public const string PostgresVariable = "REIN_TEST_POSTGRES";
    public const string RequireVariable = "REIN_REQUIRE_POSTGRES";

    public static string? PostgresAdminConnection => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs ? cs : null;

    public static bool PostgresRequired => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    public static bool IncludePostgres => PostgresAdminConnection is not null || PostgresRequired;

    /// <summary>A fresh, empty store of the given kind; disposing it drops the database or deletes the file.</summary>
    public static async Task<TestStore> CreateAsync(string provider)
    {
        if (provider == "sqlite")
        {
            var dir = Directory.CreateTempSubdirectory("rein-store-test-");
            return new TestStore(StoreOptions.Resolve(null, dir.FullName), dir.FullName, async () =>
            {
                // A background refresh that was mid-query when its owner was disposed can still hold or recreate a
                // -wal/-shm file for a moment; the directory is only scratch space, so try again briefly.
                for (var attempt = 1; ; attempt++)
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    try
                    {
                        dir.Delete(recursive: true);
                        return;
                    }
                    catch (IOException) when (attempt < 20)
                    {
                        await Task.Delay(50);
                    }
                }
            });
        }

        var admin = PostgresAdminConnection ?? throw new InvalidOperationException(
            $"{RequireVariable}=1 but {PostgresVariable} is not set: PostgreSQL store tests cannot run.");
        var database = "rein_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = database };
        var dataDir = Directory.CreateTempSubdirectory("rein-store-test-").FullName;
        return new TestStore(StoreOptions.Resolve(builder.ConnectionString, dataDir), dataDir, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            Directory.Delete(dataDir, recursive: true);
        });
    }
}

/// <summary>One throw-away store.</summary>
internal sealed class TestStore(StoreOptions options, string dataDirectory, Func<Task> cleanup) : IAsyncDisposable
{
    public StoreOptions Options { get; } = options;
    public string DataDirectory { get; } = dataDirectory;
    public StoreContextFactory Factory { get; } = new(options);

    public ValueTask DisposeAsync() => new(cleanup());
}
