using System.Net;
using System.Text.Json;

namespace Rein.Signals.Subjects;

/// <summary>SSF 1.0 §3.5.3: the IP addresses a transmitter observed for the subject (RFC 4001 text forms).</summary>
public sealed record IpAddressesSubject(IReadOnlyList<IPAddress> Addresses) : SubjectIdentifier
{
    public override string Format => SubjectFormats.IpAddresses;

    protected override void WriteMembers(Utf8JsonWriter writer)
    {
        writer.WriteStartArray("ip-addresses");
        foreach (var address in Addresses) writer.WriteStringValue(address.ToString());
        writer.WriteEndArray();
    }

    public bool Equals(IpAddressesSubject? other) =>
        other is not null && Addresses.SequenceEqual(other.Addresses);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var address in Addresses) hash.Add(address);
        return hash.ToHashCode();
    }
}
