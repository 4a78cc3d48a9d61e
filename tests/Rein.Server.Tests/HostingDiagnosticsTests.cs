using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rein.Core.Configuration;
using Rein.Server.Hosting;

namespace Rein.Server.Tests;

/// <summary>
/// A request must not pay for diagnostics nobody reads: ASP.NET Core hosting starts an Activity per request whenever
/// its diagnostics log category is enabled, even at a level that never prints anything.
/// </summary>
public sealed class HostingDiagnosticsTests
{
    [Fact]
    public async Task Request_AtInformationLogging_StartsNoHostingActivity()
    {
        var seen = new RequestActivities();
        var dataDir = Directory.CreateTempSubdirectory("rein-hosting-diag-");
        try
        {
            await using var rein = await ReinApp.StartAsync(new ReinAppOptions
            {
                Config = new ReinConfig(),
                DataDirectory = dataDir.FullName,
                Urls = ["http://127.0.0.1:0"],
                MinimumLogLevel = LogLevel.Information,
                ConfigureServices = s => s.AddSingleton<IStartupFilter>(new RecordingStartupFilter(seen)),
            });
            using var http = new HttpClient();

            var response = await http.GetAsync(rein.Issuer + "/.well-known/oauth-authorization-server");

            Assert.True(response.IsSuccessStatusCode);
            Assert.Equal(1, seen.Requests);
            Assert.Equal(0, seen.WithActivity);
        }
        finally
        {
            dataDir.Delete(recursive: true);
        }
    }

    private sealed class RequestActivities
    {
        public int Requests;
        public int WithActivity;
    }

    private sealed class RecordingStartupFilter(RequestActivities seen) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                Interlocked.Increment(ref seen.Requests);
                if (Activity.Current is not null || context.Features.Get<IHttpActivityFeature>() is not null)
                {
                    Interlocked.Increment(ref seen.WithActivity);
                }

                await nextMiddleware(context);
            });
            next(app);
        };
    }
}
