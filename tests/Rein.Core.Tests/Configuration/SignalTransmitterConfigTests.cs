using Rein.Core.Configuration;

namespace Rein.Core.Tests.Configuration;

/// <summary><c>signals.transmitters</c>: read into the record, and every broken rule reported with its path.</summary>
public sealed class SignalTransmitterConfigTests
{
    private static readonly string Jwks = TestJwk.Create("tx-1").JwksYaml;

    [Fact]
    public void Load_FullTransmitter_ReadsEveryField()
    {
        var yaml = $$"""
            signals:
              transmitters:
                - id: corp-idp
                  issuer: https://idp.example.com/
                  jwks: {{Jwks}}
                  audience: https://rein.example.com/ssf
                  algorithms: [ES256]
                  push: { authorization: "Bearer push-secret-0123456789" }
                  poll: { endpoint: "https://idp.example.com/ssf/poll", authorization: "Bearer poll-secret-0123456789", interval: 10s, max_events: 50 }
                  stream: { authorization: "Bearer mgmt-secret-0123456789", push_url: "https://rein.example.com" }
                  actions: { credential-change: log, risk-level-change: suspend }
                  retransmit: true
            """;

        var result = ConfigLoader.Parse(yaml);

        Assert.Empty(result.Errors);
        var transmitter = Assert.Single(result.Config!.Signals.Transmitters);
        Assert.Equal("corp-idp", transmitter.Id);
        Assert.Equal("https://idp.example.com/", transmitter.Issuer);
        Assert.Equal(TestJwk.Create("tx-1").JwksJson.Length > 0, transmitter.JwksJson is not null);
        Assert.Equal(["ES256"], transmitter.Algorithms);
        Assert.Equal("Bearer push-secret-0123456789", transmitter.Push!.Authorization);
        Assert.Equal(TimeSpan.FromSeconds(10), transmitter.Poll!.Interval);
        Assert.Equal(50, transmitter.Poll.MaxEvents);
        Assert.Equal("https://rein.example.com", transmitter.Stream!.PushUrl);
        Assert.Equal("log", transmitter.Actions["credential-change"]);
        Assert.True(transmitter.Retransmit);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("    retransmit: false\n", false)]
    [InlineData("    retransmit: true\n", true)]
    public void Load_Retransmit_IsOffUnlessTurnedOn(string line, bool expected)
    {
        var yaml = "signals:\n  transmitters:\n  - id: idp\n    issuer: https://idp.example.com/\n    audience: aud\n" +
            "    push: { authorization: \"Bearer push-secret-0123456789\" }\n" + line;

        var result = ConfigLoader.Parse(yaml);

        Assert.Empty(result.Errors);
        Assert.Equal(expected, Assert.Single(result.Config!.Signals.Transmitters).Retransmit);
    }

    [Fact]
    public void Load_RetransmitNotABoolean_IsReportedWithItsPath()
    {
        var yaml = "signals:\n  transmitters:\n  - id: idp\n    issuer: https://idp.example.com/\n    audience: aud\n" +
            "    push: { authorization: \"Bearer push-secret-0123456789\" }\n    retransmit: yes\n";

        var error = Assert.Single(ConfigLoader.Parse(yaml).Errors);

        Assert.Equal("signals.transmitters[0].retransmit", error.Path);
        Assert.Contains("true or false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoSignals_IsEmpty()
    {
        var result = ConfigLoader.Parse("issuer: https://rein.example.com\n");
        Assert.Empty(result.Errors);
        Assert.Empty(result.Config!.Signals.Transmitters);
    }

    [Fact]
    public void Load_BrokenTransmitters_ReportsEveryErrorWithItsPath()
    {
        var yaml = $$"""
            signals:
              transmitters:
                - id: idp
                  issuer: http://idp.example.com/
                  jwks: {{Jwks}}
                  jwks_uri: https://idp.example.com/jwks
                  algorithms: [HS256]
                  push: { authorization: short }
                  actions: { session-revokd: revoke, credential-change: destroy }
                - id: idp
                  issuer: https://other.example.com/
                  audience: https://rein.example.com/ssf
            """;

        var errors = ConfigLoader.Parse(yaml).Errors.Select(e => (e.Path, e.Message)).ToList();

        Assert.Contains(errors, e => e.Path == "signals.transmitters[0].issuer" && e.Message.Contains("https", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "signals.transmitters[0].audience" && e.Message == "'audience' is required");
        Assert.Contains(errors, e => e.Path == "signals.transmitters[0].jwks_uri" && e.Message.Contains("mutually exclusive", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "signals.transmitters[0].algorithms[0]" && e.Message.Contains("HMAC", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "signals.transmitters[0].push.authorization" && e.Message.Contains("16", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "signals.transmitters[0].actions.session-revokd" && e.Message.Contains("did you mean 'session-revoked'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "signals.transmitters[0].actions.credential-change" && e.Message.Contains("unknown action 'destroy'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "signals.transmitters[1].id" && e.Message.Contains("duplicate transmitter id", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "signals.transmitters[1]" && e.Message == "a transmitter needs 'push', 'poll' or both");
        Assert.All(errors, e => Assert.DoesNotContain("short", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_PollWithoutEndpointOrStream_IsAnError()
    {
        var yaml = $$"""
            signals:
              transmitters:
                - id: idp
                  issuer: https://idp.example.com/
                  audience: aud
                  poll: { authorization: "Bearer poll-secret-0123456789" }
            """;

        var error = Assert.Single(ConfigLoader.Parse(yaml).Errors);

        Assert.Equal("signals.transmitters[0].poll.endpoint", error.Path);
    }
}
