using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rein.Core.Storage;

namespace Rein.Core.Audit;

/// <summary>
/// The audit stream, separate from diagnostic logs. <see cref="Write"/> never blocks a request: records queue in
/// memory and one background writer chains and stores them in batches. If the queue is full the record is counted
/// as dropped and a warning logged — the request is not held hostage by the store.
/// </summary>
public sealed partial class AuditLog : BackgroundService
{
    private const int QueueCapacity = 65_536;
    private const int BatchSize = 512;

    /// <summary>
    /// How long the writer lets records gather after the first one arrives: under load one transaction then carries
    /// hundreds of records instead of a few, which is what keeps the audit write off the request path's CPU budget.
    /// </summary>
    private static readonly TimeSpan GatherWindow = TimeSpan.FromMilliseconds(10);
    private readonly Channel<AuditEvent> _queue = Channel.CreateBounded<AuditEvent>(new BoundedChannelOptions(QueueCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.DropWrite,
    });
    private readonly IDbContextFactory<ReinDbContext> _dbFactory;
    private readonly ILogger<AuditLog> _logger;
    private long _dropped;
    private long _written;
    private int _inFlight;

    public AuditLog(IDbContextFactory<ReinDbContext> dbFactory, ILogger<AuditLog> logger)
    {
        _dbFactory = dbFactory;
        _logger = logger;
        ChainId = "chain-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    }

    /// <summary>This instance's chain (each writing instance keeps its own chain).</summary>
    public string ChainId { get; }

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Written => Interlocked.Read(ref _written);

    public void Write(AuditEvent record)
    {
        if (!_queue.Writer.TryWrite(record) && Interlocked.Increment(ref _dropped) % 1000 == 1)
        {
            LogDropped(_logger, Dropped);
        }
    }

    /// <summary>Waits until everything queued so far is stored (tests, shutdown, <c>rein audit</c>).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (_queue.Reader.Count > 0 || Volatile.Read(ref _inFlight) > 0)
        {
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        byte[] previous = new byte[32];
        long sequence = 0;
        var batch = new List<AuditEvent>(BatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                Volatile.Write(ref _inFlight, 1);
                if (_queue.Reader.Count < BatchSize) await Task.Delay(GatherWindow, stoppingToken).ConfigureAwait(false);
                while (batch.Count < BatchSize && _queue.Reader.TryRead(out var item)) batch.Add(item);
                (previous, sequence) = await StoreAsync(batch, previous, sequence).ConfigureAwait(false);
                batch.Clear();
                Volatile.Write(ref _inFlight, 0);
            }
        }
        catch (OperationCanceledException)
        {
        }
        // Drain what is left on shutdown.
        while (_queue.Reader.TryRead(out var item)) batch.Add(item);
        if (batch.Count > 0) await StoreAsync(batch, previous, sequence).ConfigureAwait(false);
        Volatile.Write(ref _inFlight, 0);
    }

    private async Task<(byte[] Previous, long Sequence)> StoreAsync(List<AuditEvent> batch, byte[] previous, long sequence)
    {
        var rows = new List<AuditRecordEntity>(batch.Count);
        var buffer = new ArrayBufferWriter<byte>(512);
        using var writer = new Utf8JsonWriter(buffer);
        foreach (var record in batch)
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            JsonSerializer.Serialize(writer, record, AuditJson.Event);
            writer.Flush();
            var data = buffer.WrittenSpan;
            var hash = ChainHash(previous, data);
            rows.Add(new AuditRecordEntity
            {
                ChainId = ChainId,
                Sequence = ++sequence,
                Time = record.Time.ToUnixTimeMilliseconds(),
                Kind = record.Kind,
                Data = System.Text.Encoding.UTF8.GetString(data),
                PreviousHash = previous,
                Hash = hash,
            });
            previous = hash;
        }
        try
        {
            await using var db = await _dbFactory.CreateDbContextAsync(CancellationToken.None).ConfigureAwait(false);
            await InsertAsync(db, rows).ConfigureAwait(false);
            Interlocked.Add(ref _written, rows.Count);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            Interlocked.Add(ref _dropped, rows.Count);
            LogStoreFailed(_logger, ex, rows.Count);
        }
        return (previous, sequence);
    }

    /// <summary>
    /// One prepared INSERT reused for the whole batch, in one transaction: the audit record written for every token
    /// and call is on the hot path's CPU budget, and EF Core's change tracking cost more than the insert itself.
    /// </summary>
    private static async Task InsertAsync(ReinDbContext db, List<AuditRecordEntity> rows)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync().ConfigureAwait(false);
        // Note: in WAL mode, NORMAL keeps the database consistent and survives a crash of Rein; only an OS crash or
        // power loss can take the last audit batches back. The setting is per connection and connections are pooled,
        // so it is put back before this one serves a revocation write, which keeps FULL.
        var sqlite = db.Database.IsSqlite();
        if (sqlite) await PragmaAsync(connection, "PRAGMA synchronous=NORMAL").ConfigureAwait(false);
        try
        {
            await InsertRowsAsync(connection, rows).ConfigureAwait(false);
        }
        finally
        {
            if (sqlite) await PragmaAsync(connection, "PRAGMA synchronous=FULL").ConfigureAwait(false);
        }
    }

    private static async Task PragmaAsync(System.Data.Common.DbConnection connection, string pragma)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = pragma;
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static async Task InsertRowsAsync(System.Data.Common.DbConnection connection, List<AuditRecordEntity> rows)
    {
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO audit_records (\"ChainId\", \"Sequence\", \"Time\", \"Kind\", \"Data\", \"PreviousHash\", \"Hash\") " +
            "VALUES (@chain, @sequence, @time, @kind, @data, @previous, @hash)";
        var chain = command.AddParameter("@chain");
        var sequence = command.AddParameter("@sequence");
        var time = command.AddParameter("@time");
        var kind = command.AddParameter("@kind");
        var data = command.AddParameter("@data");
        var previous = command.AddParameter("@previous");
        var hash = command.AddParameter("@hash");
        foreach (var row in rows)
        {
            chain.Value = row.ChainId;
            sequence.Value = row.Sequence;
            time.Value = row.Time;
            kind.Value = row.Kind;
            data.Value = row.Data;
            previous.Value = row.PreviousHash;
            hash.Value = row.Hash;
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        await transaction.CommitAsync().ConfigureAwait(false);
    }

    /// <summary>SHA-256(previous ‖ data): the link that makes the chain tamper-evident.</summary>
    public static byte[] ChainHash(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> data)
    {
        // One-shot hashing over one buffer: cheaper than an incremental hash object per record.
        var length = previous.Length + data.Length;
        byte[]? rented = null;
        Span<byte> input = length <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            previous.CopyTo(input);
            data.CopyTo(input[previous.Length..]);
            return SHA256.HashData(input[..length]);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    [LoggerMessage(EventId = 1101, EventName = "AuditDropped", Level = LogLevel.Warning, Message = "Audit queue full: {Dropped} records dropped so far")]
    private static partial void LogDropped(ILogger logger, long dropped);

    [LoggerMessage(EventId = 1102, EventName = "AuditStoreFailed", Level = LogLevel.Error, Message = "Could not store {Count} audit records")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception, int count);
}
