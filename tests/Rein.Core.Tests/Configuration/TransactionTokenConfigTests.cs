using Rein.Core.Configuration;

namespace Rein.Core.Tests.Configuration;

public sealed class TransactionTokenConfigTests
{
    [Fact]
    public void Load_NoTransactionTokens_DefaultsToIssuerAndSixtySeconds()
    {
        var result = ConfigLoader.Parse("issuer: https://rein.example.com\n");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Null(result.Config!.TransactionTokens.TrustDomain);
        Assert.Equal(TimeSpan.FromSeconds(60), result.Config.TransactionTokens.Lifetime);
    }

    [Theory]
    [InlineData("https://rein.example.com", "30s", 30)]
    [InlineData("trust-domain.example", "5m", 300)]
    [InlineData("spiffe://example.org", "1s", 1)]
    [InlineData("urn:example:trust-domain", "2m", 120)]
    public void Load_TransactionTokens_AreRead(string trustDomain, string lifetime, int seconds)
    {
        var result = ConfigLoader.Parse($"transaction_tokens:\n  trust_domain: \"{trustDomain}\"\n  lifetime: {lifetime}\n");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(trustDomain, result.Config!.TransactionTokens.TrustDomain);
        Assert.Equal(TimeSpan.FromSeconds(seconds), result.Config.TransactionTokens.Lifetime);
    }

    [Theory]
    [InlineData("lifetime: 6m", "transaction_tokens.lifetime", "must be from 1s to 5m: a transaction token lives for one call chain")]
    [InlineData("lifetime: 0s", "transaction_tokens.lifetime", "must be from 1s to 5m: a transaction token lives for one call chain")]
    [InlineData("lifetime: 1h", "transaction_tokens.lifetime", "must be from 1s to 5m: a transaction token lives for one call chain")]
    [InlineData("lifetime: soon", "transaction_tokens.lifetime", "expected a duration such as 30s, 60s or 2m, found 'soon'")]
    [InlineData("trust_domain: \"https://rein.example.com#frag\"", "transaction_tokens.trust_domain", "must not have a fragment ('#...')")]
    [InlineData("trust_domain: \"Trust Domain\"", "transaction_tokens.trust_domain", "must not contain spaces")]
    [InlineData("trust_domain: \"UPPER.example\"", "transaction_tokens.trust_domain",
        "expected an absolute URI (https://rein.example.com, spiffe://example.org) or a DNS name (trust-domain.example), found 'UPPER.example'")]
    [InlineData("trust_domain: \"-bad.example\"", "transaction_tokens.trust_domain",
        "expected an absolute URI (https://rein.example.com, spiffe://example.org) or a DNS name (trust-domain.example), found '-bad.example'")]
    [InlineData("audience: x", "transaction_tokens.audience", "unknown key 'audience' (expected 'trust_domain' or 'lifetime')")]
    public void Load_BadTransactionTokens_ReportsPathAndMessage(string field, string path, string message)
    {
        var result = ConfigLoader.Parse($"transaction_tokens:\n  {field}\n");

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.Path);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Validate_ConfigBuiltInCode_ChecksTransactionTokensToo()
    {
        var errors = ConfigValidator.Validate(new ReinConfig
        {
            TransactionTokens = new TransactionTokenConfig { TrustDomain = "", Lifetime = TimeSpan.FromMinutes(10) },
        });

        Assert.Equal(["transaction_tokens.trust_domain", "transaction_tokens.lifetime"], errors.Select(e => e.Path));
    }
}
