using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Rein.Core.Storage;
using SQLitePCL;

namespace Rein.Core.Audit;

/// <summary>One chained audit record ready to store; its JSON is a slice of the batch's shared UTF-8 buffer.</summary>
internal readonly record struct PendingAuditRecord(long Sequence, long Time, string Kind, int DataStart, int DataLength, byte[] PreviousHash, byte[] Hash);

/// <summary>
/// Stores one batch of chained audit records in one transaction. On SQLite a single native prepared statement is
/// bound straight from the UTF-8 JSON: a record is written for every gateway call and every issued token, and the
/// provider's per-execution work (a data reader per command, parameters looked up by name, the JSON turned into a
/// UTF-16 string and back) cost about a third of the whole insert. Other stores get one prepared ADO.NET command.
/// </summary>
internal static class AuditRecordWriter
{
    private const string Insert =
        "INSERT INTO audit_records (\"ChainId\", \"Sequence\", \"Time\", \"Kind\", \"Data\", \"PreviousHash\", \"Hash\") ";

    public static async Task InsertAsync(ReinDbContext db, string chainId, IReadOnlyList<PendingAuditRecord> rows, ReadOnlyMemory<byte> data)
    {
        // Through EF Core, so the store's connection interceptors (SQLite's busy timeout) apply.
        await db.Database.OpenConnectionAsync().ConfigureAwait(false);
        var connection = db.Database.GetDbConnection();
        if (connection is SqliteConnection sqlite)
        {
            InsertSqlite(sqlite, chainId, rows, data.Span);
            return;
        }
        await InsertCommandAsync(connection, chainId, rows, data).ConfigureAwait(false);
    }

    private static void InsertSqlite(SqliteConnection connection, string chainId, IReadOnlyList<PendingAuditRecord> rows, ReadOnlySpan<byte> data)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        // Note: in WAL mode, NORMAL keeps the database consistent and survives a crash of Rein; only an OS crash or
        // power loss can take the last audit batches back. The setting is per connection and connections are pooled,
        // so it is put back before this one serves a revocation write, which keeps FULL.
        Check(raw.sqlite3_exec(handle, "PRAGMA synchronous=NORMAL"), handle);
        try
        {
            using var transaction = connection.BeginTransaction();
            Check(raw.sqlite3_prepare_v2(handle, Insert + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", out sqlite3_stmt statement), handle);
            using (statement)
            {
                foreach (var row in rows)
                {
                    Check(raw.sqlite3_bind_text(statement, 1, chainId), handle);
                    Check(raw.sqlite3_bind_int64(statement, 2, row.Sequence), handle);
                    Check(raw.sqlite3_bind_int64(statement, 3, row.Time), handle);
                    Check(raw.sqlite3_bind_text(statement, 4, row.Kind), handle);
                    Check(raw.sqlite3_bind_text(statement, 5, data.Slice(row.DataStart, row.DataLength)), handle);
                    Check(raw.sqlite3_bind_blob(statement, 6, row.PreviousHash), handle);
                    Check(raw.sqlite3_bind_blob(statement, 7, row.Hash), handle);
                    var rc = raw.sqlite3_step(statement);
                    if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, handle);
                    raw.sqlite3_reset(statement);
                }
            }
            transaction.Commit();
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

    private static async Task InsertCommandAsync(DbConnection connection, string chainId, IReadOnlyList<PendingAuditRecord> rows, ReadOnlyMemory<byte> data)
    {
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Insert + "VALUES (@chain, @sequence, @time, @kind, @data, @previous, @hash)";
        var chain = command.AddParameter("@chain", chainId);
        var sequence = command.AddParameter("@sequence");
        var time = command.AddParameter("@time");
        var kind = command.AddParameter("@kind");
        var json = command.AddParameter("@data");
        var previous = command.AddParameter("@previous");
        var hash = command.AddParameter("@hash");
        foreach (var row in rows)
        {
            sequence.Value = row.Sequence;
            time.Value = row.Time;
            kind.Value = row.Kind;
            json.Value = Encoding.UTF8.GetString(data.Span.Slice(row.DataStart, row.DataLength));
            previous.Value = row.PreviousHash;
            hash.Value = row.Hash;
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        await transaction.CommitAsync().ConfigureAwait(false);
    }
}
