namespace Rein.Core.Revocation;

/// <summary>A revocation subject, e.g. <c>agent:triage-bot</c> or <c>jti:…</c>. A struct so lookups don't allocate.</summary>
public readonly record struct SubjectKey(SubjectKind Kind, string Id)
{
    public override string ToString() => $"{Prefix(Kind)}:{Id}";

    public static string Prefix(SubjectKind kind) => kind switch
    {
        SubjectKind.Agent => "agent",
        SubjectKind.User => "user",
        SubjectKind.Session => "sid",
        SubjectKind.Token => "jti",
        SubjectKind.Client => "client",
        SubjectKind.Grant => "grant",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Parses <c>agent:ID</c>, <c>user:ISS|SUB</c>, <c>sid:ID</c>, <c>jti:ID</c>, <c>client:ID</c>, <c>grant:ID</c>.</summary>
    public static bool TryParse(string? text, out SubjectKey key)
    {
        key = default;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (text is null || colon <= 0 || colon == text.Length - 1 || text.Length > 1024) return false;
        SubjectKind? kind = text[..colon] switch
        {
            "agent" => SubjectKind.Agent,
            "user" => SubjectKind.User,
            "sid" => SubjectKind.Session,
            "jti" => SubjectKind.Token,
            "client" => SubjectKind.Client,
            "grant" => SubjectKind.Grant,
            _ => null,
        };
        if (kind is null) return false;
        key = new SubjectKey(kind.Value, text[(colon + 1)..]);
        return true;
    }
}
