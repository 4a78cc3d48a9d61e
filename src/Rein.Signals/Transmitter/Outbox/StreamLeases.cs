using System.Data.Common;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Rein.Core.Storage;

namespace Rein.Signals.Transmitter.Outbox;

/// <summary>
/// Claims on push streams (<c>ssf_stream_leases</c>), so that several Rein instances on one store push each stream
/// from exactly one of them: a stream's SETs go out only while this instance holds its unexpired lease. A lease is
/// taken when it is free, expired or already ours, in one atomic upsert (SQLite and PostgreSQL both have
/// <c>INSERT … ON CONFLICT DO UPDATE … WHERE</c>), renewed while delivering, and released on a clean stop. Expiry
/// compares the instances' wall clocks: keep them in sync (NTP), as with every other expiry Rein checks.
/// </summary>
internal sealed class StreamLeases(IDbContextFactory<ReinDbContext> dbFactory, TimeProvider time)
{
    /// <summary>This instance's owner id: random per start, so a restarted instance does not inherit stale leases by name.</summary>
    public string Owner { get; } = Environment.MachineName is { Length: > 0 and <= 31 } host
        ? host + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))
        : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// Takes or renews the lease on <paramref name="streamId"/> for <paramref name="duration"/>; returns until when it is
    /// held (Unix milliseconds), or null when another instance holds it.
    /// </summary>
    public async Task<long?> TryAcquireAsync(string streamId, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var until = now + (long)duration.TotalMilliseconds;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "INSERT INTO ssf_stream_leases (\"StreamId\", \"Owner\", \"ExpiresAt\") VALUES (@stream, @owner, @until) " +
            "ON CONFLICT (\"StreamId\") DO UPDATE SET \"Owner\" = excluded.\"Owner\", \"ExpiresAt\" = excluded.\"ExpiresAt\" " +
            "WHERE ssf_stream_leases.\"Owner\" = excluded.\"Owner\" OR ssf_stream_leases.\"ExpiresAt\" < @now";
        command.AddParameter("@stream", streamId);
        command.AddParameter("@owner", Owner);
        command.AddParameter("@until", until);
        command.AddParameter("@now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1 ? until : null;
    }

    /// <summary>Gives the lease up (a clean stop), so another instance takes the stream at once instead of after expiry.</summary>
    public async Task ReleaseAsync(string streamId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.SsfStreamLeases.Where(l => l.StreamId == streamId && l.Owner == Owner).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }
}
