using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rein.Gateway.Tests.Infrastructure;

/// <summary>
/// HTTP/1.1 over a bare socket, for request targets HttpClient would normalize before sending (<c>..</c>,
/// backslashes, percent-encoded dots) and for headers it would merge.
/// </summary>
internal static class RawHttp
{
    public static async Task<WireResponse> SendAsync(string origin, string method, string target, IEnumerable<(string Name, string Value)> headers,
        IReadOnlyList<string> submitted)
    {
        var uri = new Uri(origin);
        var request = new StringBuilder()
            .Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(uri.Authority).Append("\r\n")
            .Append("Connection: close\r\n")
            .Append("Content-Length: 0\r\n");
        foreach (var (name, value) in headers) request.Append(name).Append(": ").Append(value).Append("\r\n");
        request.Append("\r\n");

        using var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()));
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return Parse(buffer.ToArray(), submitted);
    }

    private static WireResponse Parse(byte[] raw, IReadOnlyList<string> submitted)
    {
        var text = Encoding.UTF8.GetString(raw);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = text[..split].Split("\r\n");
        var status = (HttpStatusCode)int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in head.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon].Trim();
            if (!headers.TryGetValue(name, out var list)) headers[name] = list = [];
            list.Add(line[(colon + 1)..].Trim());
        }
        var body = text[(split + 4)..];
        if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked")) body = Dechunk(body);
        return new WireResponse(status, headers.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.OrdinalIgnoreCase), body, submitted);
    }

    private static string Dechunk(string chunked)
    {
        var output = new StringBuilder();
        var position = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[position..lineEnd].Split(';')[0], 16);
            if (size == 0) return output.ToString();
            output.Append(chunked, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    }
}
