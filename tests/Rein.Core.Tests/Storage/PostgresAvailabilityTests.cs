namespace Rein.Core.Tests.Storage;

/// <summary>Makes a skipped PostgreSQL leg visible in the test report instead of silently absent.</summary>
public sealed class PostgresAvailabilityTests
{
    private sealed class PostgresConfiguredFactAttribute : FactAttribute
    {
        public PostgresConfiguredFactAttribute()
        {
            if (!TestStores.IncludePostgres)
            {
                Skip = $"PostgreSQL store tests need {TestStores.PostgresVariable} (a connection string to a server that may create databases); .ci/run sets it.";
            }
        }
    }

    [PostgresConfiguredFact]
    public async Task Postgres_IsReachable_ForStoreTests()
    {
        await using var store = await TestStores.CreateAsync("postgres");
        await using var db = store.Factory.CreateDbContext();
        Assert.True(await db.Database.CanConnectAsync());
    }
}
