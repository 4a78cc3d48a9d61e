using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Rein.Core.Audit;
using Rein.Core.Storage;

namespace Rein.Core.Tests.Storage;

public sealed class AuditTests
{
    private static async Task WriteAsync(TestStore store, int count)
    {
        await StoreInitializer.InitializeAsync(store.Factory, TimeProvider.System, CancellationToken.None);
        using var log = new AuditLog(store.Factory, NullLogger<AuditLog>.Instance);
        await log.StartAsync(CancellationToken.None);
        for (var i = 0; i < count; i++)
        {
            log.Write(new AuditEvent { Kind = AuditKinds.GatewayRequest, Time = DateTimeOffset.UnixEpoch.AddSeconds(i), Agent = "bot", TokenId = "jti-" + i, Decision = "allow" });
        }
        await log.FlushAsync(CancellationToken.None);
        await log.StopAsync(CancellationToken.None);
    }

    [Theory, StoreProviders]
    public async Task Chain_AsWritten_Verifies_AndHoldsNoTokenText(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        await WriteAsync(store, 25);

        var report = await AuditVerifier.VerifyAsync(store.Factory, CancellationToken.None);

        Assert.True(report.Intact, string.Join("; ", report.Breaks));
        Assert.Equal(25, report.Records);
        await using var db = store.Factory.CreateDbContext();
        var first = await db.AuditRecords.OrderBy(r => r.Sequence).FirstAsync();
        Assert.Equal("""{"kind":"gateway.request","time":"1970-01-01T00:00:00+00:00","agent":"bot","decision":"allow","token_id":"jti-0"}""", first.Data);
    }

    [Fact]
    public async Task Write_PastTheQueueCapacity_CountsEveryDroppedRecord()
    {
        await using var store = await TestStores.CreateAsync("sqlite");
        // Not started: nothing drains the queue, so everything past its capacity must be dropped — and counted.
        using var log = new AuditLog(store.Factory, NullLogger<AuditLog>.Instance);
        for (var i = 0; i < AuditLog.QueueCapacity + 7; i++)
        {
            log.Write(new AuditEvent { Kind = AuditKinds.GatewayRequest, Time = DateTimeOffset.UnixEpoch, Decision = "allow" });
        }

        Assert.Equal(7, log.Dropped);
    }

    [Theory, StoreProviders]
    public async Task Chain_ManyBatches_NonAsciiText_IsStoredAsWrittenAndVerifies(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        await StoreInitializer.InitializeAsync(store.Factory, TimeProvider.System, CancellationToken.None);
        using var log = new AuditLog(store.Factory, NullLogger<AuditLog>.Instance);
        await log.StartAsync(CancellationToken.None);
        const int Count = 1_300;
        for (var i = 0; i < Count; i++)
        {
            log.Write(new AuditEvent { Kind = AuditKinds.GatewayRequest, Time = DateTimeOffset.UnixEpoch, Agent = "bøt-" + i, Reason = "refusé ✓", Decision = "deny" });
        }
        await log.FlushAsync(CancellationToken.None);
        await log.StopAsync(CancellationToken.None);

        var report = await AuditVerifier.VerifyAsync(store.Factory, CancellationToken.None);
        Assert.True(report.Intact, string.Join("; ", report.Breaks));
        Assert.Equal(Count, report.Records);
        Assert.Equal(0, log.Dropped);
        await using var db = store.Factory.CreateDbContext();
        // The stable JSON form escapes non-ASCII text; the chain hash is over exactly these bytes.
        var last = await db.AuditRecords.OrderByDescending(r => r.Sequence).FirstAsync();
        Assert.Equal(Count, last.Sequence);
        Assert.Equal($$"""{"kind":"gateway.request","time":"1970-01-01T00:00:00+00:00","agent":"b\u00F8t-{{Count - 1}}","decision":"deny","reason":"refus\u00E9 \u2713"}""", last.Data);
    }

    [Fact]
    public async Task Record_EveryField_IsStoredInItsStableJsonForm()
    {
        await using var store = await TestStores.CreateAsync("sqlite");
        await StoreInitializer.InitializeAsync(store.Factory, TimeProvider.System, CancellationToken.None);
        using var log = new AuditLog(store.Factory, NullLogger<AuditLog>.Instance);
        await log.StartAsync(CancellationToken.None);
        log.Write(new AuditEvent
        {
            Kind = AuditKinds.GatewayRequest,
            Time = new DateTimeOffset(2026, 11, 23, 14, 5, 6, 789, TimeSpan.Zero),
            Agent = "bot",
            User = "alice",
            Tool = "tickets",
            Action = "tickets.read",
            Decision = "deny",
            Reason = "forbidden by \"p1\"",
            UpstreamStatus = 502,
            LatencyMs = 1.25,
            TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
            TokenId = "jti-1",
            SessionId = "sid-1",
            Actor = "planner",
            Grant = "grant-1",
            Approval = "approval-1",
        });
        await log.FlushAsync(CancellationToken.None);
        await log.StopAsync(CancellationToken.None);

        await using var db = store.Factory.CreateDbContext();
        var record = await db.AuditRecords.SingleAsync();
        Assert.Equal(
            """{"kind":"gateway.request","time":"2026-11-23T14:05:06.789+00:00","agent":"bot","user":"alice","tool":"tickets","action":"tickets.read","decision":"deny","reason":"forbidden by \u0022p1\u0022","upstream_status":502,"latency_ms":1.25,"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","token_id":"jti-1","session_id":"sid-1","actor":"planner","grant":"grant-1","approval":"approval-1"}""",
            record.Data);
    }

    [Theory, StoreProviders]
    public async Task Chain_EditedRecord_IsABreak(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        await WriteAsync(store, 10);
        await using (var db = store.Factory.CreateDbContext())
        {
            var row = await db.AuditRecords.SingleAsync(r => r.Sequence == 4);
            row.Data = row.Data.Replace("\"allow\"", "\"deny\"", StringComparison.Ordinal);
            await db.SaveChangesAsync();
        }

        var report = await AuditVerifier.VerifyAsync(store.Factory, CancellationToken.None);

        var broken = Assert.Single(report.Breaks);
        Assert.Equal(4, broken.Sequence);
        Assert.Equal("hash does not match the record's content", broken.Problem);
    }

    [Theory, StoreProviders]
    public async Task Chain_RemovedRecord_IsABreak(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        await WriteAsync(store, 10);
        await using (var db = store.Factory.CreateDbContext())
        {
            await db.AuditRecords.Where(r => r.Sequence == 6).ExecuteDeleteAsync();
        }

        var report = await AuditVerifier.VerifyAsync(store.Factory, CancellationToken.None);

        Assert.False(report.Intact);
        Assert.All(report.Breaks, b => Assert.Equal(7, b.Sequence));
        Assert.Contains(report.Breaks, b => b.Problem.StartsWith("sequence gap", StringComparison.Ordinal));
        Assert.Contains(report.Breaks, b => b.Problem == "previous hash does not match the record before");
    }
}
