namespace Rein.Core.Revocation;

/// <summary>One change to the revocation index, as carried on the bus: the merged entry for a subject, or its removal.</summary>
public sealed record RevocationChange(SubjectKey Subject, RevocationEntry? Entry, long Sequence);
