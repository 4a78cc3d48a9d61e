using System.Text;
using Rein.Signals.Subjects;

namespace Rein.Signals.Tests.Subjects;

/// <summary>Every RFC 9493 and SSF subject format read, written back identically, and refused when malformed.</summary>
public sealed class SubjectIdentifierReaderTests
{
    public static TheoryData<string, Type> EveryFormat => new()
    {
        { """{"format":"account","uri":"acct:example.user@service.example.com"}""", typeof(AccountSubject) },
        { """{"format":"email","email":"user@example.com"}""", typeof(EmailSubject) },
        { """{"format":"iss_sub","iss":"https://issuer.example.com/","sub":"145234573"}""", typeof(IssuerSubjectSubject) },
        { """{"format":"opaque","id":"11112222333344445555"}""", typeof(OpaqueSubject) },
        { """{"format":"phone_number","phone_number":"+12065550100"}""", typeof(PhoneNumberSubject) },
        { """{"format":"did","url":"did:example:123456/did/url/path?versionId=1"}""", typeof(DecentralizedIdSubject) },
        { """{"format":"uri","uri":"https://user.example.com/"}""", typeof(UriSubject) },
        { """{"format":"aliases","identifiers":[{"format":"email","email":"user@example.com"},{"format":"phone_number","phone_number":"+12065550100"}]}""", typeof(AliasesSubject) },
        { """{"format":"jwt_id","iss":"https://idp.example.com/123456789/","jti":"B70BA622-9515-4353-A866-823539EECBC8"}""", typeof(JwtIdSubject) },
        { """{"format":"saml_assertion_id","issuer":"https://idp.example.com/123456789/","assertion_id":"_8e8dc5f69a98cc4c1ff3427e5ce34606fd672f91e6"}""", typeof(SamlAssertionIdSubject) },
        { """{"format":"ip-addresses","ip-addresses":["10.29.37.75","2001:db8::8a2e:370:7334"]}""", typeof(IpAddressesSubject) },
        { """{"format":"complex","user":{"format":"email","email":"bar@example.com"},"tenant":{"format":"iss_sub","iss":"https://example.com/idp1","sub":"1234"}}""", typeof(ComplexSubject) },
        { """{"format":"catalog_item","catalog_id":"c0384/winter/2354122"}""", typeof(ProprietarySubject) },
    };

    [Theory]
    [MemberData(nameof(EveryFormat))]
    public void Reader_EveryFormat_ParsesToItsTypeAndWritesBackTheSameJson(string json, Type expected)
    {
        Assert.True(SubjectIdentifierReader.TryParse(Encoding.UTF8.GetBytes(json), out var subject, out var error), error);
        Assert.IsType(expected, subject);
        Assert.Equal(json, subject.ToJson());
        Assert.True(SubjectIdentifierReader.TryParse(Encoding.UTF8.GetBytes(subject.ToJson()), out var again, out _));
        Assert.Equal(subject, again);
    }

    [Fact]
    public void Reader_UnknownMembers_AreIgnoredAndNotWrittenBack()
    {
        Assert.True(SubjectIdentifierReader.TryParse("""{"format":"email","email":"a@example.com","x-extra":1}"""u8, out var subject, out _));
        Assert.Equal("""{"format":"email","email":"a@example.com"}""", subject.ToJson());
    }

    [Fact]
    public void Reader_ComplexSubject_ExposesMembersByName()
    {
        Assert.True(SubjectIdentifierReader.TryParse("""{"format":"complex","session":{"format":"opaque","id":"s1"},"user":{"format":"iss_sub","iss":"https://idp.example.com/","sub":"u1"}}"""u8, out var subject, out _));
        var complex = Assert.IsType<ComplexSubject>(subject);
        Assert.Equal(new OpaqueSubject("s1"), complex[ComplexSubject.Session]);
        Assert.Equal(new IssuerSubjectSubject("https://idp.example.com/", "u1"), complex[ComplexSubject.User]);
        Assert.Null(complex[ComplexSubject.Device]);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "[]", "subject identifier is not a JSON object" },
        { """{"email":"a@example.com"}""", "subject identifier has no format string" },
        { """{"format":1}""", "subject identifier has no format string" },
        { """{"format":""}""", "subject identifier format is empty or too long" },
        { """{"format":"email"}""", "subject identifier lacks the string member 'email'" },
        { """{"format":"email","email":42}""", "subject identifier lacks the string member 'email'" },
        { """{"format":"email","email":"no-at-sign"}""", "email subject is not an addr-spec" },
        { """{"format":"email","email":""}""", "subject identifier member 'email' is empty or too long" },
        { """{"format":"iss_sub","iss":"https://idp.example.com/"}""", "subject identifier lacks the string member 'sub'" },
        { """{"format":"account","uri":"mailto:a@example.com"}""", "account subject uri is not an acct URI" },
        { """{"format":"phone_number","phone_number":"2065550100"}""", "phone_number subject is not in international form" },
        { """{"format":"did","url":"https://example.com"}""", "did subject url is not a DID URL" },
        { """{"format":"uri","uri":"not a uri"}""", "uri subject is not an absolute URI" },
        { """{"format":"jwt_id","iss":"https://idp.example.com/"}""", "subject identifier lacks the string member 'jti'" },
        { """{"format":"saml_assertion_id","assertion_id":"_1"}""", "subject identifier lacks the string member 'issuer'" },
        { """{"format":"ip-addresses","ip-addresses":[]}""", "ip-addresses subject has no addresses or too many" },
        { """{"format":"ip-addresses","ip-addresses":["example.com"]}""", "ip-addresses subject holds a value that is not an IP address" },
        { """{"format":"ip-addresses","ip-addresses":["10.1"]}""", "ip-addresses subject holds a value that is not an IP address" },
        { """{"format":"ip-addresses","ip-addresses":"10.0.0.1"}""", "ip-addresses subject lacks the array member 'ip-addresses'" },
        { """{"format":"aliases","identifiers":[]}""", "aliases subject has no identifiers or too many" },
        { """{"format":"aliases","identifiers":[{"format":"aliases","identifiers":[{"format":"opaque","id":"1"}]}]}""", "aliases subject must not contain aliases" },
        { """{"format":"aliases","identifiers":[{"format":"complex","user":{"format":"opaque","id":"1"}}]}""", "aliases subject must not contain a complex subject" },
        { """{"format":"complex"}""", "complex subject has no members" },
        { """{"format":"complex","user":{"format":"complex","user":{"format":"opaque","id":"1"}}}""", "complex subject must not be nested" },
        { """{"format":"complex","user":{"format":"email"}}""", "subject identifier lacks the string member 'email'" },
        { """{"format":"email","email":"a@example.com","email":"b@example.com"}""", "subject identifier is not a JSON object without duplicate members" },
        { """{"format":"email","email":"a@example.com",}""", "subject identifier is not a JSON object without duplicate members" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Reader_MalformedIdentifier_IsRefusedWithAFixedError(string json, string expected)
    {
        Assert.False(SubjectIdentifierReader.TryParse(Encoding.UTF8.GetBytes(json), out var subject, out var error));
        Assert.Null(subject);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Reader_Limits_TooLargeTooLongAndTooManyAreRefused()
    {
        var huge = Encoding.UTF8.GetBytes("{\"format\":\"opaque\",\"id\":\"" + new string('a', SubjectIdentifierReader.MaxJsonBytes) + "\"}");
        Assert.False(SubjectIdentifierReader.TryParse(huge, out _, out var tooLarge));
        Assert.Equal("subject identifier is too large", tooLarge);

        var longId = Encoding.UTF8.GetBytes("{\"format\":\"opaque\",\"id\":\"" + new string('a', SubjectIdentifierReader.MaxStringLength + 1) + "\"}");
        Assert.False(SubjectIdentifierReader.TryParse(longId, out _, out var tooLong));
        Assert.Equal("subject identifier member 'id' is empty or too long", tooLong);

        var many = "{\"format\":\"aliases\",\"identifiers\":[" +
            string.Join(',', Enumerable.Range(0, SubjectIdentifierReader.MaxMembers + 1).Select(i => $"{{\"format\":\"opaque\",\"id\":\"{i}\"}}")) + "]}";
        Assert.False(SubjectIdentifierReader.TryParse(Encoding.UTF8.GetBytes(many), out _, out var tooMany));
        Assert.Equal("aliases subject has no identifiers or too many", tooMany);
    }
}
