using System.Net;

namespace Rein.Core.Transactions;

/// <summary>The text of a peer address for <c>rctx.req_ip</c>: IPv4 for IPv4-mapped IPv6 (how dual-stack sockets report IPv4 peers).</summary>
public static class ClientAddress
{
    public static string? Format(IPAddress? address)
    {
        if (address is null) return null;
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString() : address.ToString();
    }
}
