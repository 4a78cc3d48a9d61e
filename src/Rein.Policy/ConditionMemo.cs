namespace Rein.Policy;

/// <summary>
/// Per-thread memory of the condition groups (<see cref="ConditionGroups"/>) evaluated for the current request: the
/// outcome and, for an error, its message. A generation number per request makes starting a request free.
/// </summary>
internal sealed class ConditionMemo
{
    [ThreadStatic]
    private static ConditionMemo? t_current;

    private int[] _generation = [];
    private bool?[] _outcome = [];
    private string?[] _error = [];
    private int _current;

    /// <summary>This thread's memo, emptied for a new request over <paramref name="groups"/> groups.</summary>
    public static ConditionMemo Begin(int groups)
    {
        var memo = t_current ??= new ConditionMemo();
        if (memo._generation.Length < groups)
        {
            var size = Math.Max(groups, memo._generation.Length * 2);
            memo._generation = new int[size];
            memo._outcome = new bool?[size];
            memo._error = new string?[size];
            memo._current = 0;
        }

        memo._current++;
        if (memo._current == int.MaxValue)
        {
            Array.Clear(memo._generation);
            memo._current = 1;
        }

        return memo;
    }

    public bool TryGet(int group, out bool? outcome, out string? error)
    {
        if (_generation[group] == _current)
        {
            outcome = _outcome[group];
            error = _error[group];
            return true;
        }

        outcome = null;
        error = null;
        return false;
    }

    public void Set(int group, bool? outcome, string? error)
    {
        _generation[group] = _current;
        _outcome[group] = outcome;
        _error[group] = error;
    }
}
