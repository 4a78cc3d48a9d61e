using Rein.Core.Configuration;
using Rein.Core.Registry;
using Microsoft.Extensions.DependencyInjection;
using Rein.Signals.Events;
using Rein.Signals.Tests.Transmitter.Infrastructure;

namespace Rein.Signals.Tests.Transmitter;

/// <summary>A registry change that alters an agent's declared credentials is a CAEP credential-change about the agent.</summary>
public sealed class CredentialChangeTests(SignalsFixture fixture) : IClassFixture<SignalsFixture>
{
    private readonly SignalsHost _host = fixture.Host;

    [Fact]
    public async Task NewAgentKeys_AreCredentialChangeUpdate_OthersUntouched()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.PollOnly);
        var id = await soc.CreatePollStreamAsync([SecurityEventTypes.CredentialChange]);
        var registry = _host.App.Services.GetRequiredService<ReinRegistry>();
        var config = registry.Current.Config;
        var rotated = config with
        {
            Agents = [.. config.Agents.Select(a => a.Id == "bot-c"
                ? a with { Credentials = [new PrivateKeyJwtCredential { JwksJson = TestKeys.Jwks(TestKeys.For("bot-c-rotated")) }] }
                : a)],
        };

        registry.Replace(rotated);
        var result = await soc.PollAsync(id, new { returnImmediately = false });

        var set = await _host.VerifySetAsync(Assert.Single(result.Sets.Values));
        Assert.Equal("bot-c", set.GetProperty("sub_id").GetProperty("sub").GetString());
        var change = set.GetProperty("events").GetProperty(SecurityEventTypes.CredentialChange);
        Assert.Equal("jwk", change.GetProperty("credential_type").GetString());
        Assert.Equal("update", change.GetProperty("change_type").GetString());
        Assert.NotEmpty(change.GetProperty("reason_admin").GetProperty("en").GetString()!);
    }
}
