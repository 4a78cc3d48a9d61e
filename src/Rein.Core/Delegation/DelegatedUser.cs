namespace Rein.Core.Delegation;

/// <summary>
/// A person as Rein names them: the issuer that vouches for them and their subject there (RFC 9493 <c>iss_sub</c>).
/// Their revocation key is <c>user:&lt;iss&gt;|&lt;sub&gt;</c>.
/// </summary>
public static class DelegatedUser
{
    /// <summary>The id of the person's revocation subject: <c>ISS|SUB</c>.</summary>
    public static string Key(string issuer, string subject) => string.Concat(issuer, "|", subject);
}
