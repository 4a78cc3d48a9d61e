namespace Rein.Policy.Testing;

/// <summary>One request (or a whole test file that could not be loaded) whose result differs from the expectation.</summary>
/// <param name="TestFile">The test file, relative to the root when it lies under it.</param>
/// <param name="Request">The request's description (or index), or empty when the file itself failed.</param>
/// <param name="Expected">The expected decision, reason and errors.</param>
/// <param name="Actual">The actual decision, reason and errors, or the load error.</param>
public sealed record PolicyTestMismatch(string TestFile, string Request, string Expected, string Actual)
{
    /// <summary>One line: file, request, expected and actual.</summary>
    public override string ToString() =>
        Request.Length == 0
            ? $"{TestFile}: {Actual}"
            : $"{TestFile} [{Request}]: expected {Expected}, got {Actual}";
}
