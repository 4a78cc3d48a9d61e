using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Rein.Core.Keys;
using Rein.Core.Storage;
using Rein.Core.Tests.Storage;
using Rein.Signals.Transmitter;
using Rein.Signals.Transmitter.Events;
using Rein.Signals.Transmitter.Outbox;
using Rein.Signals.Transmitter.Streams;
using Rein.Signals.Transmitter.Subjects;

namespace Rein.Signals.Tests.Storage;

/// <summary>The transmitter's tables and its hand-written SQL, on SQLite and PostgreSQL.</summary>
public sealed class OutboxStoreTests
{
    [Theory, StoreProviders]
    public async Task Outbox_KeepsHandInOrder_AndRemovesOnlyDeliveredRows(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        await StoreInitializer.InitializeAsync(store.Factory, TimeProvider.System, CancellationToken.None);
        var writer = new OutboxWriter(store.Factory, new StreamCatalog(), NullLogger<OutboxWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        try
        {
            await writer.AppendAsync([Row("s1", "a", control: false), Row("s2", "x", control: false), Row("s1", "b", control: true)], CancellationToken.None);
            await writer.AppendAsync([Row("s1", "c", control: false)], CancellationToken.None);
            List<SsfOutboxEntity> before;
            await using (var db = store.Factory.CreateDbContext())
            {
                before = await db.SsfOutbox.AsNoTracking().Where(o => o.StreamId == "s1").OrderBy(o => o.Id).ToListAsync();
            }

            await writer.RemoveAsync([before[0].Id, before[2].Id], CancellationToken.None);

            Assert.Equal(["a", "b", "c"], before.Select(r => r.Jti));
            Assert.Equal([false, true, false], before.Select(r => r.Control));
            Assert.All(before, r => Assert.Equal(0, r.Attempts));
            await using var after = store.Factory.CreateDbContext();
            Assert.Equal(["b"], await after.SsfOutbox.Where(o => o.StreamId == "s1").Select(o => o.Jti).ToListAsync());
            Assert.Equal(["x"], await after.SsfOutbox.Where(o => o.StreamId == "s2").Select(o => o.Jti).ToListAsync());
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }
    }

    [Theory, StoreProviders]
    public async Task Streams_RoundTrip_WithTheirRemovedSubjects_AndTheAuthorizationEncrypted(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        await StoreInitializer.InitializeAsync(store.Factory, TimeProvider.System, CancellationToken.None);
        using var master = MasterKey.FromBytes(new byte[32]);
        var streams = new StreamStore(store.Factory, new Lazy<KeyProtector>(() => new KeyProtector(master)), TimeProvider.System, new EventTypesSupported(relaying: false));
        var stream = new StreamState
        {
            StreamId = "f00d", ReceiverId = "soc", Audience = "https://soc.example.com", Method = SsfPaths.PushMethod,
            EndpointUrl = "https://soc.example.com/events", Authorization = "Bearer very-secret", EventsRequested = ["urn:example:a"],
            Description = "d", Status = StreamStatus.Paused, StatusReason = "maintenance", CreatedAt = 1,
        };

        await streams.CreateAsync(stream, CancellationToken.None);
        await streams.SetSubjectAsync("f00d", SubjectIdentifier.IssSub("https://rein.example", "bot"), included: false, verified: true, 2, CancellationToken.None);
        var loaded = Assert.Single(await streams.LoadAllAsync(CancellationToken.None));

        Assert.Equal("Bearer very-secret", loaded.Authorization);
        Assert.Equal(StreamStatus.Paused, loaded.Status);
        Assert.Equal("maintenance", loaded.StatusReason);
        Assert.Equal(["urn:example:a"], loaded.EventsRequested);
        Assert.Equal("""{"format":"iss_sub","iss":"https://rein.example","sub":"bot"}""", Assert.Single(loaded.RemovedSubjects).Canonical);
        await using var db = store.Factory.CreateDbContext();
        var row = await db.SsfStreams.AsNoTracking().SingleAsync();
        Assert.DoesNotContain("very-secret", System.Text.Encoding.UTF8.GetString(row.ProtectedAuthorization!), StringComparison.Ordinal);

        await streams.DeleteAsync("f00d", CancellationToken.None);
        Assert.Empty(await streams.LoadAllAsync(CancellationToken.None));
    }

    private static SsfOutboxEntity Row(string stream, string jti, bool control) => new()
    {
        StreamId = stream, Jti = jti, EventType = "urn:example:event", Set = "header.payload.signature", Control = control, CreatedAt = 1, NextAttemptAt = 1,
    };
}
