using System.Globalization;

namespace Rein.Core.Configuration;

/// <summary>Reads a tool's <c>rate_limit</c>: <c>requests</c> (1–1,000,000) per <c>per</c> (<c>1s</c> to <c>1h</c>, units s, m, h).</summary>
internal static class RateLimitReader
{
    private static readonly string[] Keys = ["requests", "per"];

    public static RateLimitConfig? Read(MappingReader tool, ConfigDiagnostics diagnostics)
    {
        if (!tool.Has("rate_limit")) return null;
        var fields = tool.Mapping("rate_limit", Keys);
        var requestsText = fields.String("requests");
        var perText = fields.String("per");
        int? requests = null;
        TimeSpan? per = null;
        if (requestsText is null)
        {
            diagnostics.Report(fields.PathOf("requests"), "requests is required, e.g. rate_limit: { requests: 100, per: 1m }");
        }
        else if (int.TryParse(requestsText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1_000_000)
        {
            requests = n;
        }
        else
        {
            diagnostics.Report(fields.PathOf("requests"), $"expected a whole number from 1 to 1000000, found {Quote.Value(requestsText)}");
        }

        if (perText is null)
        {
            diagnostics.Report(fields.PathOf("per"), "per is required: a duration such as 1s, 10s, 1m or 1h");
        }
        else if (TryParseDuration(perText, out var window) && window >= TimeSpan.FromSeconds(1) && window <= TimeSpan.FromHours(1))
        {
            per = window;
        }
        else
        {
            diagnostics.Report(fields.PathOf("per"), $"expected a duration from 1s to 1h such as 10s, 1m or 1h, found {Quote.Value(perText)}");
        }
        return requests is { } r && per is { } p ? new RateLimitConfig(r, p) : null;
    }

    internal static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        if (text.Length < 2) return false;
        if (!int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount)) return false;
        switch (text[^1])
        {
            case 's': duration = TimeSpan.FromSeconds(amount); return true;
            case 'm': duration = TimeSpan.FromMinutes(amount); return true;
            case 'h': duration = TimeSpan.FromHours(amount); return true;
            default: return false;
        }
    }
}
