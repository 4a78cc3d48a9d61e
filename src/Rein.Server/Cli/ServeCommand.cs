using System.CommandLine;
using Microsoft.Extensions.Logging;
using Rein.Server.Hosting;

namespace Rein.Server.Cli;

/// <summary><c>rein serve</c>: run every role on one port.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var dataDir = CommonOptions.DataDir();
        var store = CommonOptions.Store();
        var urls = new Option<string?>("--urls") { Description = $"Listening URL(s), ';'-separated (default {ReinAppOptions.DefaultUrl})." };
        var roles = new Option<string?>("--roles") { Description = "Comma-separated roles to run: broker, gateway, admin, signals (default: all)." };
        var publicUrl = new Option<string?>("--public-url") { Description = "The gateway's public base URL, the htu agents sign (default: the issuer, or the first listening URL without the broker)." };
        var command = new Command("serve", "Run Rein: broker, gateway and admin API on one port.") { config, dataDir, store, urls, roles, publicUrl };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = CommonOptions.LoadConfig(parse.GetValue(config), Console.Error);
            if (loaded is null) return 2;
            if (!TryParseRoles(parse.GetValue(roles), out var selected))
            {
                Console.Error.WriteLine("rein: --roles takes broker, gateway, admin and signals, comma-separated.");
                return 2;
            }
            if (parse.GetValue(publicUrl) is { } url &&
                (!Uri.TryCreate(url, UriKind.Absolute, out var parsedUrl) || parsedUrl.Scheme is not ("http" or "https") || parsedUrl.Query.Length > 0 || parsedUrl.Fragment.Length > 0))
            {
                Console.Error.WriteLine("rein: --public-url must be an absolute http(s) URL without query or fragment.");
                return 2;
            }
            if (!selected.HasFlag(ReinRoles.Broker) && loaded.Issuer is null)
            {
                Console.Error.WriteLine("rein: without the broker role, the config must name the broker's issuer (issuer: ...).");
                return 2;
            }
            var options = new ReinAppOptions
            {
                Config = loaded,
                DataDirectory = CommonOptions.DataDirectory(parse.GetValue(dataDir)),
                Store = parse.GetValue(store),
                Urls = parse.GetValue(urls) is { } u ? u.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [ReinAppOptions.DefaultUrl],
                MinimumLogLevel = LogLevel.Information,
                Roles = selected,
                PublicUrl = parse.GetValue(publicUrl),
            };
            await using var app = await ReinApp.StartAsync(options, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"rein: serving {app.Issuer} as {selected} ({loaded.Agents.Count} agents, {loaded.Tools.Count} tools). Ctrl+C stops.");
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    internal static bool TryParseRoles(string? text, out ReinRoles roles)
    {
        roles = text is null ? ReinRoles.All : ReinRoles.None;
        if (text is null) return true;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            roles |= part.ToLowerInvariant() switch
            {
                "broker" => ReinRoles.Broker,
                "gateway" => ReinRoles.Gateway,
                "admin" => ReinRoles.Admin,
                "signals" => ReinRoles.Signals,
                _ => (ReinRoles)(-1),
            };
            if ((int)roles < 0) return false;
        }
        return roles != ReinRoles.None;
    }
}
