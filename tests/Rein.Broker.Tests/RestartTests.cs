using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rein.Broker.Tests.Infrastructure;
using Rein.Core.Keys;
using Rein.Core.Storage;

namespace Rein.Broker.Tests;

/// <summary>Stop Rein, start it again on the same data directory: keys and revocations survive, private keys never sit in clear.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("rein-restart-tests-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<List<string>> KidsAsync(BrokerHost host)
    {
        using var response = await host.Http.GetAsync(host.JwksUri);
        return (await WireResponse.FromAsync(response, [])).Json.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).ToList();
    }

    [Fact]
    public async Task Restart_KeepsSigningKeyAndRevocations_AndNeverStoresThePrivateKeyInClear()
    {
        // The same port both times, so the issuer (and every token's iss) is the same across the restart.
        var settings = new HostSettings { DataDirectory = _dataDirectory, Urls = [$"http://127.0.0.1:{FreePort()}"] };
        string kid, privateD, revoked, live;
        List<string> kidsBefore;
        await using (var first = await BrokerHost.StartAsync(Scenario.Standard(), settings))
        {
            revoked = await first.TokenAsync("bot");
            live = await first.TokenAsync("bot");
            kid = Jws.Header(live).GetProperty("kid").GetString()!;
            Assert.Equal(HttpStatusCode.OK, (await first.RevokeAsync(revoked, "bot")).Status);
            Assert.Equal("""{"active":false}""", (await first.IntrospectAsync(revoked)).Body);
            kidsBefore = await KidsAsync(first);

            var signing = first.App.Services.GetRequiredService<KeyRing>().GetSigningKey("ES256")!;
            Assert.Equal(kid, signing.KeyId);
            privateD = TestKeys.PrivateJwk(signing)["d"]!.GetValue<string>();
        }

        // At rest: no file in the data directory holds the private scalar, as base64url text or as raw bytes.
        var rawD = System.Buffers.Text.Base64Url.DecodeFromChars(privateD);
        var files = Directory.EnumerateFiles(_dataDirectory, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => Path.GetFileName(f) == "master.key");
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.False(Contains(bytes, Encoding.ASCII.GetBytes(privateD)), $"{Path.GetFileName(file)} holds the private key as text");
            Assert.False(Contains(bytes, rawD), $"{Path.GetFileName(file)} holds the private key as raw bytes");
        }
        Assert.Equal(32, new FileInfo(Path.Combine(_dataDirectory, "master.key")).Length);

        await using var second = await BrokerHost.StartAsync(Scenario.Standard(), settings);

        Assert.Equal(kidsBefore, await KidsAsync(second));
        Assert.Equal(kid, Jws.Header(await second.TokenAsync("bot")).GetProperty("kid").GetString());
        Assert.Equal("""{"active":false}""", (await second.IntrospectAsync(revoked)).Body);
        Assert.True((await second.IntrospectAsync(live)).Json.GetProperty("active").GetBoolean());

        var factory = second.App.Services.GetRequiredService<IDbContextFactory<ReinDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var rows = await db.SigningKeys.AsNoTracking().ToListAsync();
        Assert.Contains(rows, r => r.KeyId == kid);
        foreach (var row in rows)
        {
            Assert.False(Contains(row.ProtectedPrivateKey, "\"d\":"u8.ToArray()), $"{row.KeyId}: ProtectedPrivateKey is a clear-text JWK");
            Assert.False(Contains(row.ProtectedPrivateKey, Encoding.ASCII.GetBytes(privateD)));
            Assert.DoesNotContain("\"d\"", row.PublicJwk, StringComparison.Ordinal);
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
