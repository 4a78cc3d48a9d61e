namespace Rein.Signals.Receiver;

/// <summary>Reads an HTTP body up to a limit, so a peer cannot make Rein buffer without bound.</summary>
internal static class ResponseBody
{
    /// <summary>The body, or null when it is longer than <paramref name="limit"/> bytes.</summary>
    public static async Task<byte[]?> ReadLimitedAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await ReadLimitedAsync(stream, limit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The stream's bytes, or null when there are more than <paramref name="limit"/>.</summary>
    public static async Task<byte[]?> ReadLimitedAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(limit + 1, 16 * 1024)];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (buffer.Length > limit) return null;
                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, limit + 1));
            }
            var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            total += read;
            if (total > limit) return null;
        }
        return buffer.AsSpan(0, total).ToArray();
    }
}
