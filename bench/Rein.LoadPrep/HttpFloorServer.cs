using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rein.Bench.Shared;
using Rein.Jose;

namespace Rein.LoadPrep;

/// <summary>
/// <c>rein-loadprep http-floor --urls URL [--crypto true|false]</c>: the least an ASP.NET Core server can do for the
/// broker load test's requests, as a second baseline for <c>bench/run-broker.sh</c>. <c>POST /oauth/token</c> reads
/// the form, does the crypto floor's work (2 ES256 verifies + 1 ES256 sign on real-size inputs) unless
/// <c>--crypto false</c>, and answers a token response of the same shape and size as the broker's. It checks nothing
/// else: no client authentication, no DPoP rules, no replay cache, no audit. The gap between it and <c>rein serve</c>
/// under the same load is what Rein itself costs; the gap between it and the one-thread crypto floor is what any
/// server pays here (HTTP, the kernel, the runtime, and crypto that shares its caches with other work).
/// Prints <c>rein-loadprep: http floor serving URL</c> once listening, then runs until stopped.
/// </summary>
internal static class HttpFloorServer
{
    public static int Run(Dictionary<string, string> options, TextWriter output)
    {
        string urls = options.TryGetValue("urls", out string? u) ? u : throw new ArgumentException("--urls is required");
        bool crypto = !options.TryGetValue("crypto", out string? c) || bool.Parse(c);

        // Note: one floor per thread, because a floor signs into its own buffer.
        using var floors = new ThreadLocal<CryptoFloor>(() => new CryptoFloor(), trackAllValues: true);
        byte[] answer = TokenAnswer();

        var builder = WebApplication.CreateSlimBuilder([]);
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(urls);
        var app = builder.Build();
        app.MapPost(TokenRequestParts.TokenPath, async (HttpContext context) =>
        {
            IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted);
            if (form["grant_type"] != "client_credentials" || !context.Request.Headers.ContainsKey("DPoP"))
            {
                return Results.BadRequest();
            }

            if (crypto && !floors.Value!.Run())
            {
                return Results.StatusCode(StatusCodes.Status500InternalServerError);
            }

            context.Response.Headers.CacheControl = "no-store";
            return Results.Bytes(answer, "application/json");
        });

        app.Start();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        output.WriteLine($"rein-loadprep: http floor serving {address}");
        output.Flush();
        app.WaitForShutdown();
        foreach (CryptoFloor floor in floors.Values)
        {
            floor.Dispose();
        }

        return 0;
    }

    /// <summary>A token response shaped like the broker's: a real-size ES256 access token, DPoP, 5 minutes.</summary>
    private static byte[] TokenAnswer()
    {
        using var issuerKey = SigningKey.Generate(JwsAlgorithms.ES256, "es256-bench");
        using var dpopKey = SigningKey.Generate(JwsAlgorithms.ES256, "dpop");
        string token = AccessTokenShape.Write(issuerKey, "http://127.0.0.1:5080", LoadPrepCommand.ClientId, LoadPrepCommand.Resource,
            LoadPrepCommand.Scope, "AAAAAAAAAAAAAAAAAAAAAA", dpopKey.PublicJwk.Thumbprint, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 300);
        return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{{\"access_token\":\"{token}\",\"token_type\":\"DPoP\",\"expires_in\":300,\"scope\":\"{LoadPrepCommand.Scope}\"}}"));
    }
}
