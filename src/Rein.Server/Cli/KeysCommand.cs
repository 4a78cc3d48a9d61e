using System.CommandLine;
using Rein.Core.Keys;
using Rein.Core.Storage;

namespace Rein.Server.Cli;

/// <summary>
/// <c>rein keys rotate</c>: introduces a new signing key in the store. A running Rein picks it up on its next refresh;
/// the key is published first and signs only after the publish lead (or at once with <c>--immediate</c>).
/// </summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var dataDir = CommonOptions.DataDir();
        var store = CommonOptions.Store();
        var alg = new Option<string>("--alg") { Description = "ES256 (default) or RS256.", DefaultValueFactory = _ => "ES256" };
        var immediate = new Option<bool>("--immediate") { Description = "Sign with the new key at once (a suspected compromise)." };
        var rotate = new Command("rotate", "Rotate the signing key.") { config, dataDir, store, alg, immediate };
        rotate.SetAction(async (parse, cancellationToken) =>
        {
            var algorithm = parse.GetValue(alg)!;
            if (algorithm is not ("ES256" or "RS256"))
            {
                Console.Error.WriteLine("rein: --alg must be ES256 or RS256");
                return 2;
            }
            var loaded = CommonOptions.LoadConfig(parse.GetValue(config), Console.Error);
            if (loaded is null) return 2;
            var directory = CommonOptions.DataDirectory(parse.GetValue(dataDir));
            Directory.CreateDirectory(directory);
            var storeOptions = StoreOptions.Resolve(parse.GetValue(store) ?? loaded.Store, directory);

            var factory = new StoreContextFactory(storeOptions);
            await StoreInitializer.InitializeAsync(factory, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            using var masterKey = MasterKey.Load(directory);
            using var ring = new KeyRing(factory, new Lazy<KeyProtector>(new KeyProtector(masterKey)), new KeyRingOptions(), TimeProvider.System);
            await ring.EnsureKeysAsync([algorithm], cancellationToken).ConfigureAwait(false);
            var result = await ring.RotateAsync(algorithm, parse.GetValue(immediate), cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"rein: new {result.Algorithm} key {result.KeyId} is published now and signs from {result.ActivatesAt:u}.");
            if (result.RetiredKeyIds.Count > 0)
            {
                Console.WriteLine($"rein: retiring {string.Join(", ", result.RetiredKeyIds)}; they stay published until their tokens have expired.");
            }
            return 0;
        });
        return new Command("keys", "Manage the issuer's signing keys.") { rotate };
    }
}
