using Microsoft.EntityFrameworkCore;

namespace Rein.Core.Storage;

/// <summary>Opens the store outside the server host (CLI commands that work on a data directory directly).</summary>
public sealed class StoreContextFactory(StoreOptions store) : IDbContextFactory<ReinDbContext>
{
    private readonly DbContextOptions<ReinDbContext> _options = Build(store);

    public ReinDbContext CreateDbContext() => new(_options);

    /// <summary>Points an options builder at the configured provider; shared with the host's registration.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, StoreOptions store)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(store);
        _ = store.Provider switch
        {
            StoreProvider.Sqlite => builder.UseSqlite(store.ConnectionString).AddInterceptors(SqliteBusyTimeout.Instance),
            _ => builder.UseNpgsql(store.ConnectionString),
        };
        return builder;
    }

    private static DbContextOptions<ReinDbContext> Build(StoreOptions store)
    {
        var builder = new DbContextOptionsBuilder<ReinDbContext>();
        Configure(builder, store);
        return builder.Options;
    }
}
