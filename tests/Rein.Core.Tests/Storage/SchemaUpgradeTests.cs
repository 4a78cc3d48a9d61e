using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Rein.Core.Revocation;
using Rein.Core.Storage;

namespace Rein.Core.Tests.Storage;

public sealed class SchemaUpgradeTests
{
    [Theory, StoreProviders]
    public async Task Initialize_OnAStoreThatLacksNewerTables_CreatesThemAndKeepsExistingRows(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        await StoreInitializer.InitializeAsync(store.Factory, time, CancellationToken.None);
        await using (var db = store.Factory.CreateDbContext())
        {
            db.AgentStates.Add(new AgentStateEntity { AgentId = "bot", Status = 1, ChangedAt = 1 });
            await db.SaveChangesAsync();
            // A store written before the revocation table existed.
            await db.Database.ExecuteSqlRawAsync("DROP TABLE revocations");
        }

        await StoreInitializer.InitializeAsync(store.Factory, time, CancellationToken.None);
        await StoreInitializer.InitializeAsync(store.Factory, time, CancellationToken.None); // and again: idempotent

        await using (var db = store.Factory.CreateDbContext())
        {
            Assert.Equal("bot", Assert.Single(await db.AgentStates.ToListAsync()).AgentId);
            db.Revocations.Add(new RevocationEntity { Kind = (int)SubjectKind.Agent, SubjectId = "bot", RevokedBefore = 5, Sequence = 5 });
            await db.SaveChangesAsync();
            Assert.Equal(1, await db.Revocations.CountAsync());
        }
    }
}
