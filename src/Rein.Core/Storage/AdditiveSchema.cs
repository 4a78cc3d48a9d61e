using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Rein.Core.Storage;

/// <summary>
/// Brings an existing store up to this build's model when the change is additive: tables (and their indexes) that
/// the model has and the store lacks are created. New features add tables rather than alter old ones, so a store
/// written by an older Rein upgrades on start without a migration framework; a change that alters an existing table
/// raises <see cref="StoreInitializer.CurrentVersion"/> and ships an explicit upgrade step instead.
/// </summary>
internal static partial class AdditiveSchema
{
    public static async Task CreateMissingTablesAsync(ReinDbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var existing = await ExistingTablesAsync(connection, db.Database.IsSqlite(), cancellationToken).ConfigureAwait(false);
            foreach (var statement in StatementsFor(db.Database.GenerateCreateScript(), existing))
            {
                await db.Database.ExecuteSqlRawAsync(statement, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The statements of the model's create script that create a missing table or an index on one, made idempotent
    /// (<c>IF NOT EXISTS</c>) because two instances may upgrade the same store at the same moment.
    /// </summary>
    internal static IEnumerable<string> StatementsFor(string createScript, IReadOnlySet<string> existingTables)
    {
        foreach (var raw in createScript.Split(';'))
        {
            var statement = raw.Trim();
            if (statement.Length == 0) continue;
            var table = CreateTable().Match(statement);
            if (table.Success)
            {
                if (existingTables.Contains(table.Groups["name"].Value)) continue;
                yield return "CREATE TABLE IF NOT EXISTS " + statement[table.Groups["rest"].Index..];
                continue;
            }
            var index = CreateIndex().Match(statement);
            if (index.Success && !existingTables.Contains(index.Groups["table"].Value))
            {
                yield return "CREATE " + index.Groups["unique"].Value + "INDEX IF NOT EXISTS " + statement[index.Groups["rest"].Index..];
            }
        }
    }

    private static async Task<HashSet<string>> ExistingTablesAsync(DbConnection connection, bool sqlite, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table'"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()";
        var tables = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) tables.Add(reader.GetString(0));
        return tables;
    }

    [GeneratedRegex("""^CREATE TABLE (?<rest>"?(?<name>[A-Za-z0-9_]+)"?\s*\()""")]
    private static partial Regex CreateTable();

    [GeneratedRegex("""^CREATE (?<unique>UNIQUE )?INDEX (?<rest>"?[A-Za-z0-9_]+"? ON "?(?<table>[A-Za-z0-9_]+)"?)""")]
    private static partial Regex CreateIndex();
}
