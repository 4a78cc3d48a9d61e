using Rein.Core.Configuration;
using Rein.Core.Registry;

namespace Rein.Core.Tests.Configuration;

/// <summary><c>signals.receivers</c> and <c>signals.anomalies</c>: read, defaulted and checked with paths.</summary>
public sealed class SignalsTransmitterConfigTests
{
    private static readonly string Jwks = TestJwk.Create("soc-1").JwksYaml;

    private static string Receiver(string extra = "") =>
        "signals:\n  receivers:\n    - id: soc\n      credentials:\n        - type: private_key_jwt\n" +
        $"          jwks: {Jwks}\n" + extra;

    [Fact]
    public void Load_Receiver_IsReadWithDefaults()
    {
        var result = ConfigLoader.Parse(Receiver());

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var receiver = Assert.Single(result.Config!.Signals.Receivers);
        Assert.Equal("soc", receiver.Id);
        Assert.True(receiver.RequireDpop);
        Assert.Equal("soc", receiver.EffectiveAudience);
        Assert.Equal("ES256", receiver.SigningAlgorithm);
        Assert.Empty(receiver.PushEndpoints);
        Assert.Equal(10, receiver.MaxStreams);
        Assert.Equal(AnomalyConfig.Default, result.Config.Signals.Anomalies);
    }

    [Fact]
    public void Load_ReceiverWithEveryKey_IsRead()
    {
        var result = ConfigLoader.Parse(Receiver(
            "      require_dpop: false\n      audience: https://soc.example.com/ssf\n      signing_alg: RS256\n" +
            "      push_endpoints: [ https://soc.example.com/events/, http://127.0.0.1:9000/ssf ]\n      max_streams: 3\n"));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var receiver = Assert.Single(result.Config!.Signals.Receivers);
        Assert.False(receiver.RequireDpop);
        Assert.Equal("https://soc.example.com/ssf", receiver.EffectiveAudience);
        Assert.Equal("RS256", receiver.SigningAlgorithm);
        Assert.Equal(["https://soc.example.com/events/", "http://127.0.0.1:9000/ssf"], receiver.PushEndpoints);
        Assert.Equal(3, receiver.MaxStreams);
    }

    [Fact]
    public void Load_Anomalies_AreRead()
    {
        var result = ConfigLoader.Parse(
            "signals:\n  anomalies:\n    enabled: true\n    burst: { requests: 50, per: 10s }\n    denials: { requests: 5, per: 1m }\n" +
            "    token_reuse: false\n    new_address: false\n    quarantine: [ token_reuse, burst ]\n");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var anomalies = result.Config!.Signals.Anomalies;
        Assert.Equal(new RateLimitConfig(50, TimeSpan.FromSeconds(10)), anomalies.Burst);
        Assert.Equal(new RateLimitConfig(5, TimeSpan.FromMinutes(1)), anomalies.Denials);
        Assert.False(anomalies.TokenReuse);
        Assert.False(anomalies.NewAddress);
        Assert.Equal([AnomalyKind.TokenReuse, AnomalyKind.Burst], anomalies.Quarantine);
    }

    [Theory]
    [InlineData("      signing_alg: HS256\n", "signals.receivers[0].signing_alg", "expected ES256 or RS256, found 'HS256'")]
    [InlineData("      push_endpoints: [ http://soc.example.com/events ]\n", "signals.receivers[0].push_endpoints[0]", "must use https (http is allowed only for loopback hosts such as 127.0.0.1)")]
    [InlineData("      push_endpoints: [ https://soc.example.com/events?x=1 ]\n", "signals.receivers[0].push_endpoints[0]", "must not have a query ('?...')")]
    [InlineData("      max_streams: 0\n", "signals.receivers[0].max_streams", "expected a whole number from 1 to 1000, found '0'")]
    [InlineData("      audience: \"has space\"\n", "signals.receivers[0].audience", "expected a non-empty audience without spaces, at most 512 characters")]
    public void Load_BadReceiver_ReportsPathAndMessage(string extra, string path, string message)
    {
        var result = ConfigLoader.Parse(Receiver(extra));

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.Path);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Load_ReceiverIdAlsoAnAdmin_IsADuplicateClientId()
    {
        var result = ConfigLoader.Parse(Receiver() + $"admins:\n  - id: soc\n    credentials: [ {{ type: private_key_jwt, jwks: {Jwks} }} ]\n");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Message.StartsWith("duplicate client id 'soc'", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ReceiverWithoutCredentials_IsAnError()
    {
        var result = ConfigLoader.Parse("signals:\n  receivers:\n    - id: soc\n");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Path == "signals.receivers[0].credentials");
    }

    [Theory]
    [InlineData("    quarantine: [ everything ]\n", "signals.anomalies.quarantine[0]", "unknown finding 'everything' (expected 'burst', 'denials', 'token_reuse' or 'new_address')")]
    [InlineData("    burst: { requests: 0, per: 1m }\n", "signals.anomalies.burst.requests", "expected a whole number from 1 to 1000000, found '0'")]
    [InlineData("    denials: { requests: 3, per: 2d }\n", "signals.anomalies.denials.per", "expected a duration from 1s to 1h such as 10s, 1m or 1h, found '2d'")]
    public void Load_BadAnomalies_ReportPathAndMessage(string yaml, string path, string message)
    {
        var result = ConfigLoader.Parse("signals:\n  anomalies:\n" + yaml);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.Path);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Load_UnknownSignalsKey_SuggestsTheRightOne()
    {
        var result = ConfigLoader.Parse("signals:\n  recievers: []\n");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Message.Contains("did you mean 'receivers'?", StringComparison.Ordinal));
    }

    [Fact]
    public void Registry_Receiver_IsASignalReceiverClient()
    {
        var result = ConfigLoader.Parse(Receiver("      require_dpop: false\n"));
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));

        var snapshot = ReinRegistry.Build(result.Config!);

        var client = snapshot.Clients["soc"];
        Assert.Equal(ClientKind.SignalReceiver, client.Kind);
        Assert.False(client.RequireDpop);
        Assert.NotNull(client.Jwks);
        Assert.Same(result.Config!.Signals.Receivers[0], client.SignalReceiver);
    }
}
