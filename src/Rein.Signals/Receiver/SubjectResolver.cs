using Rein.Core.Hosting;
using Rein.Core.Registry;
using Rein.Core.Revocation;
using Rein.Signals.Subjects;

namespace Rein.Signals.Receiver;

/// <summary>
/// Maps an event's subject to the revocation keys it covers (DESIGN §4), through the registry:
/// <c>iss_sub</c> with Rein's issuer → the agent (when registered); <c>iss_sub</c> of another issuer → the user
/// <c>user:&lt;iss&gt;|&lt;sub&gt;</c>; <c>opaque</c> → the agent session <c>sid:&lt;id&gt;</c>; <c>jwt_id</c> with
/// Rein's issuer → the token <c>jti:&lt;id&gt;</c>; <c>aliases</c> → each identifier; <c>complex</c> → its
/// <c>user</c>, <c>session</c> and <c>application</c> members. Other formats (email, phone, device, tenant, …) name
/// nothing Rein issues tokens for.
/// </summary>
internal sealed class SubjectResolver(IssuerIdentity issuer, ReinRegistry registry)
{
    public IReadOnlyList<SubjectKey> Resolve(SubjectIdentifier subject)
    {
        var keys = new List<SubjectKey>(2);
        Add(subject, keys);
        return keys.Distinct().ToList();
    }

    private void Add(SubjectIdentifier subject, List<SubjectKey> keys)
    {
        switch (subject)
        {
            case IssuerSubjectSubject s:
                if (IsRein(s.Issuer))
                {
                    if (registry.Current.Clients.TryGetValue(s.Subject, out var client) && client.Kind == ClientKind.Agent)
                    {
                        keys.Add(new SubjectKey(SubjectKind.Agent, s.Subject));
                    }
                }
                else if (s.Issuer.Length + s.Subject.Length < 1000)
                {
                    keys.Add(new SubjectKey(SubjectKind.User, s.Issuer + "|" + s.Subject));
                }
                break;
            case OpaqueSubject o:
                keys.Add(new SubjectKey(SubjectKind.Session, o.Id));
                break;
            case JwtIdSubject j when IsRein(j.Issuer):
                keys.Add(new SubjectKey(SubjectKind.Token, j.JwtId));
                break;
            case AliasesSubject a:
                foreach (var identifier in a.Identifiers) Add(identifier, keys);
                break;
            case ComplexSubject c:
                if (c[ComplexSubject.User] is { } user) Add(user, keys);
                if (c[ComplexSubject.Session] is OpaqueSubject session) Add(session, keys);
                if (c[ComplexSubject.Application] is IssuerSubjectSubject application && IsRein(application.Issuer)) Add(application, keys);
                break;
        }
    }

    private bool IsRein(string iss) =>
        issuer.IsSet && string.Equals(iss.TrimEnd('/'), issuer.Issuer, StringComparison.Ordinal);
}
