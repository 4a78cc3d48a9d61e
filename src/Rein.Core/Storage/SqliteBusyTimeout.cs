using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Rein.Core.Storage;

/// <summary>
/// Sets SQLite's own busy timeout on every connection the store opens. Without it, a writer that meets another
/// writer's lock gets SQLITE_BUSY at once and Microsoft.Data.Sqlite retries in 150 ms sleeps; with it, SQLite waits
/// in millisecond steps, so concurrent writers (audit, revocations, the SSF outbox) queue briefly instead of stalling.
/// </summary>
internal sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public const int Milliseconds = 5000;

    public static SqliteBusyTimeout Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        ApplyAsync(connection, cancellationToken);

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = " + Milliseconds;
        command.ExecuteNonQuery();
    }

    private static async Task ApplyAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = " + Milliseconds;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
