using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Rein.Core.Storage;

/// <summary>
/// Sets SQLite's own busy timeout on every connection the store opens. Without it, a writer that meets another
/// writer's lock gets SQLITE_BUSY at once and Microsoft.Data.Sqlite retries in 150 ms sleeps; with it, SQLite waits
/// in millisecond steps, so concurrent writers (audit, revocations, the SSF outbox) queue briefly instead of stalling.
/// </summary>
/// <remarks>
/// Set through the C API on the connection's handle (<c>sqlite3_busy_timeout</c>, what <c>PRAGMA busy_timeout</c>
/// calls) rather than by running the PRAGMA: connections are opened for every store operation, and preparing and
/// running a statement each time cost more than many of the operations themselves.
/// </remarks>
internal sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public const int Milliseconds = 5000;

    public static SqliteBusyTimeout Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            SQLitePCL.raw.sqlite3_busy_timeout(handle, Milliseconds);
            return;
        }
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = " + Milliseconds;
        command.ExecuteNonQuery();
    }
}
