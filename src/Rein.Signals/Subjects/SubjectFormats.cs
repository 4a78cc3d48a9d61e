namespace Rein.Signals.Subjects;

/// <summary>The <c>format</c> names Rein understands: RFC 9493 §3.2 and SSF 1.0 §3.3, §3.5.</summary>
public static class SubjectFormats
{
    public const string Account = "account";
    public const string Email = "email";
    public const string IssuerSubject = "iss_sub";
    public const string Opaque = "opaque";
    public const string PhoneNumber = "phone_number";
    public const string DecentralizedId = "did";
    public const string Uri = "uri";
    public const string Aliases = "aliases";
    public const string JwtId = "jwt_id";
    public const string SamlAssertionId = "saml_assertion_id";
    public const string IpAddresses = "ip-addresses";
    public const string Complex = "complex";
}
