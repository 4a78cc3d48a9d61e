namespace Rein.Core.Revocation;

/// <summary>The kinds of subject a revocation can name (DESIGN §4). Values are persisted: never renumber.</summary>
public enum SubjectKind
{
    Agent = 1,
    User = 2,
    Session = 3,
    Token = 4,
    Client = 5,

    /// <summary>A delegation grant: every token issued under it (<c>grant_id</c>).</summary>
    Grant = 6,
}
