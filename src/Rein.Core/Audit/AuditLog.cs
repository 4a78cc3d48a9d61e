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
    /// <summary>Records waiting for the writer at most; past it a record is dropped and counted.</summary>
    public const int QueueCapacity = 65_536;
    private const int BatchSize = 512;
    private const int HashSize = 32;

    /// <summary>
    /// How long the writer lets records gather after the first one arrives: under load one transaction then carries
    /// hundreds of records instead of a few, which is what keeps the audit write off the request path's CPU budget.
    /// </summary>
    private static readonly TimeSpan GatherWindow = TimeSpan.FromMilliseconds(10);
    private readonly Channel<AuditEvent> _queue;
    private readonly IDbContextFactory<ReinDbContext> _dbFactory;
    private readonly ILogger<AuditLog> _logger;
    private readonly ArrayBufferWriter<byte> _json = new(BatchSize * 512);
    private readonly Utf8JsonWriter _jsonWriter;
    private readonly byte[] _hashes = new byte[BatchSize * HashSize];
    private long _dropped;
    private long _written;
    private int _inFlight;

    public AuditLog(IDbContextFactory<ReinDbContext> dbFactory, ILogger<AuditLog> logger)
    {
        _dbFactory = dbFactory;
        _logger = logger;
        // Note: in DropWrite mode TryWrite reports success even when the channel drops the record; the callback is
        // the only place a drop can be seen, so that is where it is counted.
        _queue = Channel.CreateBounded<AuditEvent>(
            new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite },
            OnDropped);
        ChainId = "chain-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        _jsonWriter = new Utf8JsonWriter(_json);
    }

    /// <summary>This instance's chain (each writing instance keeps its own chain).</summary>
    public string ChainId { get; }

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Written => Interlocked.Read(ref _written);

    public void Write(AuditEvent record)
    {
        if (!_queue.Writer.TryWrite(record)) OnDropped(record);
    }

    private void OnDropped(AuditEvent record)
    {
        if (Interlocked.Increment(ref _dropped) % 1000 == 1) LogDropped(_logger, Dropped);
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
        if (batch.Count == 0) return (previous, sequence);
        // The writer is the only caller, one batch at a time: the buffers are reused from batch to batch.
        _json.ResetWrittenCount();
        _jsonWriter.Reset(_json);
        var hashes = _hashes.AsSpan(0, batch.Count * HashSize);
        ReadOnlySpan<byte> chained = previous;
        for (var i = 0; i < batch.Count; i++)
        {
            var start = _json.WrittenCount;
            JsonSerializer.Serialize(_jsonWriter, batch[i], AuditJson.Event);
            _jsonWriter.Flush();
            _jsonWriter.Reset(_json);
            var hash = hashes.Slice(i * HashSize, HashSize);
            ChainHash(chained, _json.WrittenSpan[start..], hash);
            chained = hash;
            // Note: JSON escapes every control character, so a record never holds a raw line break of its own.
            _json.GetSpan(1)[0] = (byte)'\n';
            _json.Advance(1);
        }
        var last = hashes[^HashSize..].ToArray();
        try
        {
            await using var db = await _dbFactory.CreateDbContextAsync(CancellationToken.None).ConfigureAwait(false);
            var pending = new PendingAuditBatch(sequence + 1, batch.Count, batch[0].Time.ToUnixTimeMilliseconds(), _json.WrittenMemory, previous,
                _hashes.AsMemory(0, batch.Count * HashSize));
            await AuditRecordWriter.InsertAsync(db, ChainId, pending).ConfigureAwait(false);
            Interlocked.Add(ref _written, batch.Count);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            Interlocked.Add(ref _dropped, batch.Count);
            LogStoreFailed(_logger, ex, batch.Count);
        }
        return (last, sequence + batch.Count);
    }

    public override void Dispose()
    {
        _jsonWriter.Dispose();
        base.Dispose();
    }

    /// <summary>SHA-256(previous ‖ data): the link that makes the chain tamper-evident.</summary>
    public static byte[] ChainHash(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> data)
    {
        var hash = new byte[HashSize];
        ChainHash(previous, data, hash);
        return hash;
    }

    /// <summary>As <see cref="ChainHash(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>, into <paramref name="destination"/>.</summary>
    public static void ChainHash(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        // One-shot hashing over one buffer: cheaper than an incremental hash object per record.
        var length = previous.Length + data.Length;
        byte[]? rented = null;
        Span<byte> input = length <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            previous.CopyTo(input);
            data.CopyTo(input[previous.Length..]);
            SHA256.HashData(input[..length], destination);
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
