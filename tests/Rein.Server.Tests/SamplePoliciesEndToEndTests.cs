using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rein.Client;
using Rein.Core.Audit;
using Rein.Core.Configuration;
using Rein.Core.Revocation;
using Rein.Core.Storage;
using Rein.Jose;
using Rein.Server.Cli;
using Rein.Server.Hosting;

namespace Rein.Server.Tests;

/// <summary>
/// The shipped <c>samples/policies/</c>, end to end: the broker leaves out (or refuses with <c>access_denied</c>) what
/// they forbid at issuance, and the gateway answers 403 without reaching the upstream, with the determining policy in
/// the audit record, once a signal (a restriction entry, as the signal receiver writes it) changes the context.
/// </summary>
public sealed class SamplePoliciesEndToEndTests : IAsyncLifetime
{
    private const string Audience = "https://tickets.samples.test";
    private readonly DirectoryInfo _dataDir = Directory.CreateTempSubdirectory("rein-samples-e2e-");
    private readonly DirectoryInfo _policyDir = Directory.CreateTempSubdirectory("rein-samples-policies-");
    private readonly SigningKey _prodKey = SigningKey.Generate(JwsAlgorithms.ES256, "prod-1");
    private readonly SigningKey _devKey = SigningKey.Generate(JwsAlgorithms.ES256, "dev-1");
    private readonly SigningKey _adminKey = SigningKey.Generate(JwsAlgorithms.ES256, "ops-1");
    private CountingUpstream _upstream = null!;
    private ReinApp _rein = null!;

    public async Task InitializeAsync()
    {
        foreach (var file in Directory.GetFiles(SamplesDirectory(), "*.cedar"))
        {
            File.Copy(file, Path.Combine(_policyDir.FullName, Path.GetFileName(file)));
        }
        _upstream = await CountingUpstream.StartAsync();

        var bindings = new Dictionary<string, IReadOnlyList<string>> { ["tickets"] = ["tickets.read", "tickets.write", "tickets.purge"] };
        _rein = await ReinApp.StartAsync(new ReinAppOptions
        {
            Config = new ReinConfig
            {
                Policies = _policyDir.FullName,
                Tools =
                [
                    new ToolConfig
                    {
                        Id = "tickets", Audience = Audience, Upstream = _upstream.Url, Risk = RiskTier.Medium,
                        Actions =
                        [
                            new ActionConfig { Name = "tickets.read", Method = "GET", PathTemplate = "/tickets/{id}", Risk = RiskTier.Low },
                            new ActionConfig { Name = "tickets.write", Method = "POST", PathTemplate = "/tickets" },
                            new ActionConfig { Name = "tickets.purge", Method = "DELETE", PathTemplate = "/tickets", Risk = RiskTier.Critical },
                        ],
                    },
                ],
                Agents =
                [
                    new AgentConfig { Id = "prod-bot", Environment = "prod", Credentials = [new PrivateKeyJwtCredential { JwksJson = DemoCommand.Jwks(_prodKey) }], Tools = bindings },
                    new AgentConfig { Id = "dev-bot", Environment = "dev", Credentials = [new PrivateKeyJwtCredential { JwksJson = DemoCommand.Jwks(_devKey) }], Tools = bindings },
                ],
                Admins = [new AdminConfig { Id = "ops", Credentials = [new PrivateKeyJwtCredential { JwksJson = DemoCommand.Jwks(_adminKey) }] }],
            },
            DataDirectory = _dataDir.FullName,
            Urls = ["http://127.0.0.1:0"],
            MinimumLogLevel = LogLevel.Warning,
        });
    }

    [Fact]
    public async Task ProductionAgent_GetsNoCriticalActionWithoutApproval_ADevelopmentAgentDoes()
    {
        using var http = new HttpClient();
        using var prod = Client(http, "prod-bot", _prodKey);
        using var dev = Client(http, "dev-bot", _devKey);

        var refused = await Assert.ThrowsAsync<ReinClientException>(() => prod.RequestTokenAsync(Audience, ["tickets.purge"]));
        var narrowed = await prod.RequestTokenAsync(Audience, ["tickets.read", "tickets.purge"]);
        var devToken = await dev.RequestTokenAsync(Audience, ["tickets.purge"]);
        using var devCalls = new HttpClient(dev.CreateHandler(_ => ValueTask.FromResult(devToken.AccessToken)));
        var purged = await devCalls.DeleteAsync(new Uri(_rein.Issuer + "/tools/tickets/tickets"));

        Assert.Equal("access_denied", refused.Error);
        Assert.Equal("tickets.read", narrowed.Scope);
        Assert.Equal("tickets.purge", devToken.Scope);
        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
    }

    [Fact]
    public async Task AssuranceDropped_ReadsStillPass_WritesAre403AtTheGateway_AndLeftOutAtIssuance()
    {
        using var http = new HttpClient();
        using var dev = Client(http, "dev-bot", _devKey);
        var token = await dev.RequestTokenAsync(Audience, ["tickets.read", "tickets.write"]);
        using var calls = new HttpClient(dev.CreateHandler(_ => ValueTask.FromResult(token.AccessToken)));
        Assert.Equal(HttpStatusCode.OK, (await calls.PostAsync(new Uri(_rein.Issuer + "/tools/tickets/tickets"), null)).StatusCode);

        await Restrict("dev-bot", RevocationEffect.StepUp);
        var read = await calls.GetAsync(new Uri(_rein.Issuer + "/tools/tickets/tickets/1"));
        var before = _upstream.Calls;
        var write = await calls.PostAsync(new Uri(_rein.Issuer + "/tools/tickets/tickets"), null);
        var audited = await LastGatewayRecordAsync();
        var reissued = await dev.RequestTokenAsync(Audience, ["tickets.read", "tickets.write"]);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(before, _upstream.Calls);
        Assert.Contains("read-only-when-assurance-dropped", audited, StringComparison.Ordinal);
        Assert.Contains("\"decision\":\"deny\"", audited, StringComparison.Ordinal);
        Assert.Equal("tickets.read", reissued.Scope);
    }

    [Fact]
    public async Task NonCompliantDevice_EveryCallIs403_AndNoTokenIsIssued()
    {
        using var http = new HttpClient();
        using var dev = Client(http, "dev-bot", _devKey);
        var token = await dev.RequestTokenAsync(Audience, ["tickets.read"]);
        using var calls = new HttpClient(dev.CreateHandler(_ => ValueTask.FromResult(token.AccessToken)));
        Assert.Equal(HttpStatusCode.OK, (await calls.GetAsync(new Uri(_rein.Issuer + "/tools/tickets/tickets/1"))).StatusCode);

        await Restrict("dev-bot", RevocationEffect.DeviceNotCompliant);
        var before = _upstream.Calls;
        var read = await calls.GetAsync(new Uri(_rein.Issuer + "/tools/tickets/tickets/1"));
        var audited = await LastGatewayRecordAsync();
        var refused = await Assert.ThrowsAsync<ReinClientException>(() => dev.RequestTokenAsync(Audience, ["tickets.read"]));

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(before, _upstream.Calls);
        Assert.Contains("deny-non-compliant-device", audited, StringComparison.Ordinal);
        Assert.Equal("access_denied", refused.Error);
    }

    [Fact]
    public async Task AFileChange_ReloadsThePoliciesByItself_ABrokenChangeKeepsThePreviousSetAndTheAdminApiShowsEveryError()
    {
        using var http = new HttpClient();
        using var dev = Client(http, "dev-bot", _devKey);
        using var ops = Client(http, "ops", _adminKey);
        var adminToken = (await ops.RequestTokenAsync(resource: null, ["rein:admin"])).AccessToken;
        using var admin = new HttpClient(ops.CreateHandler(_ => ValueTask.FromResult(adminToken)));
        async Task<JsonElement> PoliciesAsync() =>
            JsonDocument.Parse(await admin.GetStringAsync(new Uri(_rein.Issuer + "/admin/v1/policies"))).RootElement;
        static List<string> Ids(JsonElement set) => set.GetProperty("policies").EnumerateArray().Select(p => p.GetProperty("id").GetString()!).ToList();
        async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> condition)
        {
            for (var i = 0; i < 200; i++)
            {
                var set = await PoliciesAsync();
                if (condition(set)) return set;
                await Task.Delay(50);
            }
            return await PoliciesAsync();
        }

        var shipped = await PoliciesAsync();
        File.WriteAllText(Path.Combine(_policyDir.FullName, "freeze.cedar"), """@id("freeze-dev-bot") forbid(principal == Rein::Agent::"dev-bot", action, resource);""");
        var frozen = await WaitForAsync(set => Ids(set).Contains("freeze-dev-bot"));
        var refused = await Assert.ThrowsAsync<ReinClientException>(() => dev.RequestTokenAsync(Audience, ["tickets.read"]));
        File.WriteAllText(Path.Combine(_policyDir.FullName, "broken-1.cedar"), "permit(principal, action, resource)\nwhen { context.x == };");
        File.WriteAllText(Path.Combine(_policyDir.FullName, "broken-2.cedar"), "forbid(principal, action resource);");
        File.Delete(Path.Combine(_policyDir.FullName, "freeze.cedar"));
        var broken = await WaitForAsync(set => !set.GetProperty("last_load_succeeded").GetBoolean() && set.GetProperty("errors").GetArrayLength() == 2);
        var stillRefused = await Assert.ThrowsAsync<ReinClientException>(() => dev.RequestTokenAsync(Audience, ["tickets.read"]));

        Assert.True(shipped.GetProperty("enabled").GetBoolean());
        Assert.True(shipped.GetProperty("last_load_succeeded").GetBoolean());
        Assert.Contains("deny-non-compliant-device", Ids(shipped));
        Assert.Contains(shipped.GetProperty("policies").EnumerateArray(), p => p.GetProperty("effect").GetString() == "forbid" &&
            p.GetProperty("text").GetString()!.Contains("context.device_compliant", StringComparison.Ordinal));
        Assert.Contains("freeze-dev-bot", Ids(frozen));
        Assert.Equal("access_denied", refused.Error);
        Assert.False(broken.GetProperty("last_load_succeeded").GetBoolean());
        var errors = broken.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("broken-1.cedar:2:21: ", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("broken-2.cedar:1:", errors[1], StringComparison.Ordinal);
        Assert.Equal(Ids(frozen), Ids(broken));
        Assert.Equal("access_denied", stillRefused.Error);
    }

    private ReinClient Client(HttpClient http, string id, SigningKey key) =>
        new(http, new ReinClientOptions { Issuer = new Uri(_rein.Issuer), ClientId = id, ClientKey = key });

    private Task Restrict(string agent, RevocationEffect effect) =>
        _rein.Services.GetRequiredService<RevocationService>().RestrictAsync(new SubjectKey(SubjectKind.Agent, agent), effect, "test signal", CancellationToken.None);

    private Task<string> LastGatewayRecordAsync() => GatewayAuditRecords.LastAsync(_rein.Services);

    private static string SamplesDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rein.slnx"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Rein.slnx not found above the test assembly."), "samples", "policies");
    }

    public async Task DisposeAsync()
    {
        await _rein.DisposeAsync();
        await _upstream.DisposeAsync();
        _prodKey.Dispose();
        _devKey.Dispose();
        _adminKey.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dataDir.Delete(recursive: true);
        _policyDir.Delete(recursive: true);
    }
}
