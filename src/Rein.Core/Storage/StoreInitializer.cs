using Microsoft.EntityFrameworkCore;

namespace Rein.Core.Storage;

/// <summary>Creates the schema on first start, adds the tables of newer features, and refuses a store written by a newer Rein.</summary>
public static class StoreInitializer
{
    /// <summary>The schema version this build writes. Raise it together with an upgrade step below.</summary>
    public const int CurrentVersion = 1;

    public static async Task InitializeAsync(IDbContextFactory<ReinDbContext> factory, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (db.Database.IsSqlite())
        {
            // Note: WAL lets the gateway read while the admin API writes; busy_timeout rides over short write locks.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }

        if (!await db.Database.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false))
        {
            // The store existed: add whatever tables features newer than it brought.
            await AdditiveSchema.CreateMissingTablesAsync(db, cancellationToken).ConfigureAwait(false);
        }

        var version = await db.SchemaVersions.OrderByDescending(v => v.Version).Select(v => (int?)v.Version)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (version is null)
        {
            db.SchemaVersions.Add(new SchemaVersionEntity { Version = CurrentVersion, AppliedAt = time.GetUtcNow().ToUnixTimeMilliseconds() });
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateException)
            {
                // Another instance initialised the same store at the same moment; its row is as good as ours.
            }
        }
        else if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The store has schema version {version}, newer than this Rein understands ({CurrentVersion}). Upgrade Rein.");
        }
    }
}
