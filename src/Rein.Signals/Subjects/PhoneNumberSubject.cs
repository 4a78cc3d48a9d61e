using System.Text.Json;

namespace Rein.Signals.Subjects;

/// <summary>RFC 9493 §3.2.6: a telephone number in E.164 form (transmitters in the wild add spaces; kept as sent).</summary>
public sealed record PhoneNumberSubject(string PhoneNumber) : SubjectIdentifier
{
    public override string Format => SubjectFormats.PhoneNumber;

    protected override void WriteMembers(Utf8JsonWriter writer) => writer.WriteString("phone_number", PhoneNumber);
}
