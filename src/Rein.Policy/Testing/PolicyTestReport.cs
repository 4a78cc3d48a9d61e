namespace Rein.Policy.Testing;

/// <summary>The outcome of running conformance tests: counts and every mismatch.</summary>
public sealed class PolicyTestReport
{
    internal PolicyTestReport(int files, int requests, IReadOnlyList<PolicyTestMismatch> mismatches)
    {
        Files = files;
        Requests = requests;
        Mismatches = mismatches;
    }

    /// <summary>Test files run.</summary>
    public int Files { get; }

    /// <summary>Requests checked.</summary>
    public int Requests { get; }

    /// <summary>Requests (or files) whose results differ from the expectation, in file order.</summary>
    public IReadOnlyList<PolicyTestMismatch> Mismatches { get; }

    /// <summary>True when every request matched.</summary>
    public bool Succeeded => Mismatches.Count == 0;

    /// <summary>Requests that matched.</summary>
    public int Passed => Requests - Mismatches.Count(m => m.Request.Length > 0);
}
