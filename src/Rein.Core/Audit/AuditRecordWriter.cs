using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Rein.Core.Storage;
using SQLitePCL;

namespace Rein.Core.Audit;

/// <summary>One chained batch ready to store: the records' JSON lines and their hashes (see <see cref="AuditBatchEntity"/>).</summary>
internal readonly record struct PendingAuditBatch(long FirstSequence, int Count, long Time, ReadOnlyMemory<byte> Data, byte[] PreviousHash, ReadOnlyMemory<byte> Hashes);

/// <summary>
/// Stores one batch of chained audit records as one <c>audit_batches</c> row. A record is written for every gateway
/// call and every issued token: one row per record cost SQLite a B-tree insert, an index insert and a sequence update
/// each, most of the audit's CPU. On SQLite the row is bound straight from the UTF-8 JSON through a native prepared
/// statement; other stores get an ADO.NET command.
/// </summary>
internal static class AuditRecordWriter
{
    private const string Insert =
        "INSERT INTO audit_batches (\"ChainId\", \"FirstSequence\", \"Count\", \"Time\", \"Data\", \"PreviousHash\", \"Hashes\") ";

    public static async Task InsertAsync(ReinDbContext db, string chainId, PendingAuditBatch batch)
    {
        // Through EF Core, so the store's connection interceptors (SQLite's busy timeout) apply.
        await db.Database.OpenConnectionAsync().ConfigureAwait(false);
        var connection = db.Database.GetDbConnection();
        if (connection is SqliteConnection sqlite)
        {
            InsertSqlite(sqlite, chainId, batch);
            return;
        }
        await InsertCommandAsync(connection, chainId, batch).ConfigureAwait(false);
    }

    private static void InsertSqlite(SqliteConnection connection, string chainId, PendingAuditBatch batch)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        // Note: in WAL mode, NORMAL keeps the database consistent and survives a crash of Rein; only an OS crash or
        // power loss can take the last audit batches back. The setting is per connection and connections are pooled,
        // so it is put back before this one serves a revocation write, which keeps FULL.
        Check(raw.sqlite3_exec(handle, "PRAGMA synchronous=NORMAL"), handle);
        try
        {
            Check(raw.sqlite3_prepare_v2(handle, Insert + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", out sqlite3_stmt statement), handle);
            using (statement)
            {
                Check(raw.sqlite3_bind_text(statement, 1, chainId), handle);
                Check(raw.sqlite3_bind_int64(statement, 2, batch.FirstSequence), handle);
                Check(raw.sqlite3_bind_int(statement, 3, batch.Count), handle);
                Check(raw.sqlite3_bind_int64(statement, 4, batch.Time), handle);
                Check(raw.sqlite3_bind_text(statement, 5, batch.Data.Span), handle);
                Check(raw.sqlite3_bind_blob(statement, 6, batch.PreviousHash), handle);
                Check(raw.sqlite3_bind_blob(statement, 7, batch.Hashes.Span), handle);
                var rc = raw.sqlite3_step(statement);
                if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, handle);
            }
        }
        finally
        {
            Check(raw.sqlite3_exec(handle, "PRAGMA synchronous=FULL"), handle);
        }
    }

    private static void Check(int rc, sqlite3 handle)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, handle);
    }

    private static async Task InsertCommandAsync(DbConnection connection, string chainId, PendingAuditBatch batch)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Insert + "VALUES (@chain, @first, @count, @time, @data, @previous, @hashes)";
        command.AddParameter("@chain", chainId);
        command.AddParameter("@first", batch.FirstSequence);
        command.AddParameter("@count", batch.Count);
        command.AddParameter("@time", batch.Time);
        command.AddParameter("@data", Encoding.UTF8.GetString(batch.Data.Span));
        command.AddParameter("@previous", batch.PreviousHash);
        command.AddParameter("@hashes", batch.Hashes.ToArray());
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
