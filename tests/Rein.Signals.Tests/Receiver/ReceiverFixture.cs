using Rein.Signals.Tests.Infrastructure;

namespace Rein.Signals.Tests.Receiver;

/// <summary>One Rein with two push transmitters (<c>idp</c> and <c>other</c>) shared by the tests of a class.</summary>
public sealed class ReceiverFixture : IAsyncLifetime
{
    public const string IdpIssuer = "https://idp.example.com/";
    public const string OtherIssuer = "https://other.example.com/";
    public const string Audience = "https://rein.example.com/ssf";
    public const string OtherSecret = "Bearer other-transmitter-secret-0123456789";

    internal TestTransmitter Idp { get; } = TestTransmitter.Create(IdpIssuer);
    internal TestTransmitter Other { get; } = TestTransmitter.Create(OtherIssuer, "other-1");
    internal SignalsHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var other = SignalsHost.Transmitter("other", Other, Audience) with
        {
            Push = new Rein.Core.Configuration.SignalPushConfig { Authorization = OtherSecret },
        };
        Host = await SignalsHost.StartAsync([SignalsHost.Transmitter("idp", Idp, Audience), other]);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
