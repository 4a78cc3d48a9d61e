using System.Text.Json;

namespace Rein.Signals.Subjects;

/// <summary>RFC 9493 §3.2.1: an account at a service provider, named by an <c>acct:</c> URI (RFC 7565).</summary>
public sealed record AccountSubject(string Uri) : SubjectIdentifier
{
    public override string Format => SubjectFormats.Account;

    protected override void WriteMembers(Utf8JsonWriter writer) => writer.WriteString("uri", Uri);
}
