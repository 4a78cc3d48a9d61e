using Rein.Jose.DPoP;

namespace Rein.Jose.Tests.DPoP;

public sealed class HttpTargetUriTests
{
    [Theory]
    [InlineData("https://server.example.com/token", "https://server.example.com/token")]
    [InlineData("HTTPS://Server.EXAMPLE.com/Token", "https://server.example.com/Token")]
    [InlineData("https://server.example.com:443/token", "https://server.example.com/token")]
    [InlineData("https://server.example.com:0443/token", "https://server.example.com/token")]
    [InlineData("http://server.example.com:80", "http://server.example.com/")]
    [InlineData("http://server.example.com:443/", "http://server.example.com:443/")]
    [InlineData("https://server.example.com:/", "https://server.example.com/")]
    [InlineData("https://server.example.com", "https://server.example.com/")]
    [InlineData("https://server.example.com?x", "https://server.example.com/")]
    [InlineData("https://server.example.com/p?q=1#f", "https://server.example.com/p")]
    [InlineData("https://server.example.com/a%7Eb%2db", "https://server.example.com/a~b-b")]
    [InlineData("https://server.example.com/a%2fb%3a", "https://server.example.com/a%2Fb%3A")]
    [InlineData("https://server.example.com/%e2%82%ac", "https://server.example.com/%E2%82%AC")]
    [InlineData("https://server.example.com/a/b/../c/./d", "https://server.example.com/a/c/d")]
    [InlineData("https://server.example.com/../../a", "https://server.example.com/a")]
    [InlineData("https://server.example.com/a/%2E%2E/b", "https://server.example.com/b")]
    [InlineData("https://server.example.com/a/..", "https://server.example.com/")]
    [InlineData("https://server.example.com/a.b/c..d", "https://server.example.com/a.b/c..d")]
    [InlineData("https://[::1]/x", "https://[::1]/x")]
    [InlineData("https://[2001:DB8::1]:8443/x", "https://[2001:db8::1]:8443/x")]
    [InlineData("https://127.0.0.1:5080/tools/t/x", "https://127.0.0.1:5080/tools/t/x")]
    public void Normalize_ValidUri_HasNormalForm_WhichNormalizesToItself(string uri, string expected)
    {
        Assert.Equal(expected, HttpTargetUri.Normalize(uri));
        // The DPoP validator relies on this: a claim equal to the normal form is accepted without normalising it.
        Assert.Equal(expected, HttpTargetUri.Normalize(expected));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/token")]
    [InlineData("server.example.com/token")]
    [InlineData("ftp://server.example.com/token")]
    [InlineData("https:server.example.com/token")]
    [InlineData("https://")]
    [InlineData("https:///token")]
    [InlineData("https://user:pw@server.example.com/token")]
    [InlineData("https://server.example.com:99999/token")]
    [InlineData("https://server.example.com:-1/token")]
    [InlineData("https://server.example.com:44a/token")]
    [InlineData("https://server.example.com/to ken")]
    [InlineData("https://server.example.com/tö")]
    [InlineData("https://sérver.example.com/")]
    [InlineData("https://server.example.com/%zz")]
    [InlineData("https://server.example.com/%4")]
    [InlineData("https://server.example.com/a\\b")]
    [InlineData("https://[::1/x")]
    [InlineData("https://[::1]x/")]
    [InlineData("https://[fe80::1%25eth0]/")]
    public void Normalize_InvalidUri_IsNull(string uri) =>
        Assert.Null(HttpTargetUri.Normalize(uri));
}
