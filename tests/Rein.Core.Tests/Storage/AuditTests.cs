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
        var first = (await AuditTrail.ReadAllAsync(store.Factory, CancellationToken.None)).MinBy(r => r.Sequence)!;
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
        // The stable JSON form escapes non-ASCII text; the chain hash is over exactly these bytes.
        var last = (await AuditTrail.ReadAllAsync(store.Factory, CancellationToken.None)).MaxBy(r => r.Sequence)!;
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

        var record = Assert.Single(await AuditTrail.ReadAllAsync(store.Factory, CancellationToken.None));
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
            var batch = await db.AuditBatches.SingleAsync(b => b.FirstSequence <= 4 && b.FirstSequence + b.Count > 4);
            var lines = batch.Data.Split('\n');
            var index = (int)(4 - batch.FirstSequence);
            lines[index] = lines[index].Replace("\"allow\"", "\"deny\"", StringComparison.Ordinal);
            batch.Data = string.Join('\n', lines);
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
            // Remove record 6 cleanly from its batch: its line, its hash, and the count.
            var batch = await db.AuditBatches.SingleAsync(b => b.FirstSequence <= 6 && b.FirstSequence + b.Count > 6);
            var index = (int)(6 - batch.FirstSequence);
            var lines = batch.Data.Split('\n').ToList();
            lines.RemoveAt(index);
            batch.Data = string.Join('\n', lines);
            batch.Hashes = [.. batch.Hashes.Take(index * 32), .. batch.Hashes.Skip((index + 1) * 32)];
            batch.Count--;
            await db.SaveChangesAsync();
        }

        var report = await AuditVerifier.VerifyAsync(store.Factory, CancellationToken.None);

        Assert.False(report.Intact);
        // Record 7 was chained to record 6's hash, which is gone: the chain breaks where 6 was (or, when 6 ended its
        // batch, at the next batch's first record).
        Assert.Contains(report.Breaks, b => b.Sequence is 6 or 7);
    }

    [Theory, StoreProviders]
    public async Task Chain_RemovedBatch_IsABreak(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        await StoreInitializer.InitializeAsync(store.Factory, TimeProvider.System, CancellationToken.None);
        using var log = new AuditLog(store.Factory, NullLogger<AuditLog>.Instance);
        await log.StartAsync(CancellationToken.None);
        for (var batch = 0; batch < 3; batch++)
        {
            for (var i = 0; i < 4; i++) log.Write(new AuditEvent { Kind = AuditKinds.GatewayRequest, Time = DateTimeOffset.UnixEpoch, Decision = "allow" });
            await log.FlushAsync(CancellationToken.None);
        }
        await log.StopAsync(CancellationToken.None);
        await using (var db = store.Factory.CreateDbContext())
        {
            Assert.True(await db.AuditBatches.CountAsync() >= 3);
            var second = await db.AuditBatches.OrderBy(b => b.FirstSequence).Skip(1).FirstAsync();
            db.AuditBatches.Remove(second);
            await db.SaveChangesAsync();
        }

        var report = await AuditVerifier.VerifyAsync(store.Factory, CancellationToken.None);

        Assert.False(report.Intact);
        Assert.Contains(report.Breaks, b => b.Problem.StartsWith("sequence gap", StringComparison.Ordinal));
        Assert.Contains(report.Breaks, b => b.Problem == "previous hash does not match the record before");
    }

    [Theory, StoreProviders]
    public async Task Chain_RowsOfAnEarlierVersion_AreReadAndVerifiedBesideBatches(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        await StoreInitializer.InitializeAsync(store.Factory, TimeProvider.System, CancellationToken.None);
        // An older Rein stored one row per record in audit_records.
        await using (var db = store.Factory.CreateDbContext())
        {
            var previous = new byte[32];
            for (var sequence = 1; sequence <= 3; sequence++)
            {
                var data = $$"""{"kind":"token.issued","time":"1970-01-01T00:00:00+00:00","agent":"old-{{sequence}}"}""";
                var hash = AuditLog.ChainHash(previous, System.Text.Encoding.UTF8.GetBytes(data));
                db.AuditRecords.Add(new AuditRecordEntity { ChainId = "chain-old", Sequence = sequence, Time = 0, Kind = "token.issued", Data = data, PreviousHash = previous, Hash = hash });
                previous = hash;
            }
            await db.SaveChangesAsync();
        }
        await WriteAsync(store, 5);

        var report = await AuditVerifier.VerifyAsync(store.Factory, CancellationToken.None);
        var records = await AuditTrail.ReadAllAsync(store.Factory, CancellationToken.None);

        Assert.True(report.Intact, string.Join("; ", report.Breaks));
        Assert.Equal(2, report.Chains);
        Assert.Equal(8, report.Records);
        Assert.Equal(["token.issued", "token.issued", "token.issued", "gateway.request", "gateway.request", "gateway.request", "gateway.request", "gateway.request"], records.Select(r => r.Kind));
        Assert.Equal("old-3", System.Text.Json.JsonDocument.Parse(records[2].Data).RootElement.GetProperty("agent").GetString());
    }
}
