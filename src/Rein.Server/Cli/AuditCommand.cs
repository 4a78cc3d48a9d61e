using System.CommandLine;
using Rein.Core.Audit;
using Rein.Core.Storage;

namespace Rein.Server.Cli;

/// <summary><c>rein audit verify</c>: checks every hash chain of the audit trail in the store.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var dataDir = CommonOptions.DataDir();
        var store = CommonOptions.Store();
        var verify = new Command("verify", "Verify the audit trail's hash chains; exit 1 on any break.") { config, dataDir, store };
        verify.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = CommonOptions.LoadConfig(parse.GetValue(config), Console.Error);
            if (loaded is null) return 2;
            var directory = CommonOptions.DataDirectory(parse.GetValue(dataDir));
            var storeOptions = StoreOptions.Resolve(parse.GetValue(store) ?? loaded.Store, directory);
            if (storeOptions.Provider == StoreProvider.Sqlite && !File.Exists(Path.Combine(directory, "rein.db")) && parse.GetValue(store) is null && loaded.Store is null)
            {
                Console.Error.WriteLine("rein: no store in the data directory.");
                return 2;
            }
            var report = await AuditVerifier.VerifyAsync(new StoreContextFactory(storeOptions), cancellationToken).ConfigureAwait(false);
            foreach (var b in report.Breaks) Console.WriteLine($"BREAK {b.ChainId} #{b.Sequence}: {b.Problem}");
            Console.WriteLine($"{report.Records} records in {report.Chains} chains: {(report.Intact ? "intact" : $"{report.Breaks.Count} breaks")}");
            return report.Intact ? 0 : 1;
        });
        return new Command("audit", "The tamper-evident audit trail.") { verify };
    }
}
