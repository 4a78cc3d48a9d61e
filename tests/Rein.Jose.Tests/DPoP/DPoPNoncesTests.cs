using Microsoft.Extensions.Time.Testing;
using Rein.Jose.DPoP;

namespace Rein.Jose.Tests.DPoP;

public sealed class DPoPNoncesTests
{
    private static readonly byte[] s_secret = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Current_StableWithinBucket_ChangesAcrossBuckets()
    {
        var nonces = new DPoPNonces(s_secret, _time, TimeSpan.FromMinutes(5));
        string first = nonces.Current();

        _time.Advance(TimeSpan.FromMinutes(4));
        string same = nonces.Current();
        _time.Advance(TimeSpan.FromMinutes(1));
        string next = nonces.Current();

        Assert.Equal(first, same);
        Assert.NotEqual(first, next);
        Assert.Equal(43, first.Length);
    }

    [Fact]
    public void IsValid_CurrentAndPreviousBucket_OlderIsNot()
    {
        var nonces = new DPoPNonces(s_secret, _time, TimeSpan.FromMinutes(5));
        string nonce = nonces.Current();

        Assert.True(nonces.IsValid(nonce));
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.True(nonces.IsValid(nonce));
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(nonces.IsValid(nonce));
    }

    [Fact]
    public void IsValid_SharedSecret_AcceptedByAnotherInstance_OtherSecretIsNot()
    {
        string nonce = new DPoPNonces(s_secret, _time, TimeSpan.FromMinutes(5)).Current();
        byte[] otherSecret = (byte[])s_secret.Clone();
        otherSecret[0] ^= 1;

        Assert.True(new DPoPNonces(s_secret, _time, TimeSpan.FromMinutes(5)).IsValid(nonce));
        Assert.False(new DPoPNonces(otherSecret, _time, TimeSpan.FromMinutes(5)).IsValid(nonce));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("*AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void IsValid_Garbage_IsFalse(string? nonce) =>
        Assert.False(new DPoPNonces(s_secret, _time, TimeSpan.FromMinutes(5)).IsValid(nonce));

    [Fact]
    public void Constructor_ShortSecretOrBadLifetime_Throws()
    {
        Assert.Throws<ArgumentException>(() => new DPoPNonces(new byte[31], _time, TimeSpan.FromMinutes(5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DPoPNonces(s_secret, _time, TimeSpan.Zero));
    }
}
