using System.Text.Json;

namespace Rein.Core.Delegation;

/// <summary>
/// A person's groups as Rein carries them: from the claim a <c>kind: user</c> trust entry names (<c>groups_claim</c>)
/// into the RFC 9068 §2.2.3.1 <c>groups</c> claim of the access tokens issued for them, and from there into policies
/// (<c>Rein::Group::"ISS|GROUP"</c>). The same bounds apply to both: a JSON array of at most <see cref="MaxCount"/>
/// strings of 1 to <see cref="MaxLength"/> characters, none a control character. Errors never quote a value.
/// </summary>
public static class UserGroups
{
    public const int MaxCount = 64;

    public const int MaxLength = 255;

    /// <summary>
    /// Reads <paramref name="claim"/> as a list of groups: in order, a repeated group kept once. An empty array is no
    /// groups. Null with <paramref name="error"/> (naming the fault, never a value) when it is anything else.
    /// </summary>
    public static IReadOnlyList<string>? Read(JsonElement claim, out string? error)
    {
        if (claim.ValueKind != JsonValueKind.Array)
        {
            error = "must be an array of strings";
            return null;
        }

        var count = claim.GetArrayLength();
        if (count > MaxCount)
        {
            error = $"lists more than {MaxCount} groups";
            return null;
        }

        if (count == 0)
        {
            error = null;
            return [];
        }

        var groups = new List<string>(count);
        foreach (var item in claim.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                error = "must be an array of strings";
                return null;
            }

            string group;
            try
            {
                group = item.GetString()!;
            }
            catch (InvalidOperationException)
            {
                // Note: an escaped lone surrogate is valid JSON but no text.
                error = "has a group that is not valid text";
                return null;
            }

            if (group.Length is 0 or > MaxLength)
            {
                error = $"has a group that is empty or longer than {MaxLength} characters";
                return null;
            }

            foreach (var c in group)
            {
                if (char.IsControl(c))
                {
                    error = "has a group with a control character";
                    return null;
                }
            }

            if (!groups.Contains(group, StringComparer.Ordinal)) groups.Add(group);
        }

        error = null;
        return groups;
    }

    /// <summary>The key of one of the person's groups in policies: <c>ISS|GROUP</c>, as two IdPs' groups never collide.</summary>
    public static string Key(string issuer, string group) => string.Concat(issuer, "|", group);
}
