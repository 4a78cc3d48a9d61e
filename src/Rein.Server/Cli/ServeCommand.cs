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
        var command = new Command("serve", "Run Rein: broker, admin API and discovery on one port.") { config, dataDir, store, urls };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = CommonOptions.LoadConfig(parse.GetValue(config), Console.Error);
            if (loaded is null) return 2;
            var options = new ReinAppOptions
            {
                Config = loaded,
                DataDirectory = CommonOptions.DataDirectory(parse.GetValue(dataDir)),
                Store = parse.GetValue(store),
                Urls = parse.GetValue(urls) is { } u ? u.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [ReinAppOptions.DefaultUrl],
                MinimumLogLevel = LogLevel.Information,
            };
            await using var app = await ReinApp.StartAsync(options, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"rein: serving {app.Issuer} ({loaded.Agents.Count} agents, {loaded.Tools.Count} tools). Ctrl+C stops.");
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
