namespace Rein.Policy.Testing;

/// <summary>The outcome of running conformance tests: counts and every mismatch.</summary>
public sealed class PolicyTestReport
{
    internal PolicyTestReport(int files, int requests, int failed, IReadOnlyList<PolicyTestMismatch> mismatches)
    {
        Files = files;
        Requests = requests;
        Failed = failed;
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

    /// <summary>
    /// Requests that did not match or could not run: every request of a test file whose policies, schema or entities
    /// could not be loaded, and 1 for a file that could not be read at all (it has no requests to count).
    /// </summary>
    public int Failed { get; }

    /// <summary>Requests that matched (a request of a file that could not be loaded never does).</summary>
    public int Passed => Math.Max(Requests - Failed, 0);
}
