using System.Text.Json;

namespace Rein.Jose.Tests;

public sealed class JwtClaimValidatorTests
{
    private const long Now = 1_760_000_000;

    private static readonly DateTimeOffset s_now = DateTimeOffset.FromUnixTimeSeconds(Now);

    private static readonly JwtClaimRules s_rules = new()
    {
        Issuer = "https://rein.example",
        Audiences = ["https://tickets.example"],
        RequireIssuedAt = true,
        RequireJwtId = true,
        MaxLifetime = TimeSpan.FromMinutes(15),
    };

    [Fact]
    public void Validate_GoodClaims_IsValidAndReportsValues()
    {
        JsonElement payload = Payload($$"""
            {"iss":"https://rein.example","sub":"agent-1","aud":"https://tickets.example","jti":"j1",
             "iat":{{Now - 10}},"nbf":{{Now - 10}},"exp":{{Now + 290}}}
            """);

        JwtClaimCheck check = JwtClaimValidator.Validate(payload, s_rules, s_now);

        Assert.True(check.IsValid, check.Error);
        Assert.Null(check.Error);
        Assert.Equal("https://rein.example", check.Issuer);
        Assert.Equal("agent-1", check.Subject);
        Assert.Equal("j1", check.JwtId);
        Assert.Equal(s_now.AddSeconds(-10), check.IssuedAt);
        Assert.Equal(s_now.AddSeconds(-10), check.NotBefore);
        Assert.Equal(s_now.AddSeconds(290), check.Expires);
    }

    public static TheoryData<string, string, string> BadClaims => new()
    {
        { "expired", $$"""{"exp":{{Now - 31}}}""", "token expired" },
        { "expired exactly at skew", $$"""{"exp":{{Now - 30}}}""", "token expired" },
        { "not yet valid", $$"""{"exp":{{Now + 60}},"nbf":{{Now + 31}}}""", "token not yet valid" },
        { "iat in future", $$"""{"exp":{{Now + 60}},"iat":{{Now + 31}}}""", "token issued in the future" },
        { "wrong iss", $$"""{"exp":{{Now + 60}},"iss":"https://evil.example"}""", "invalid issuer" },
        { "iss case differs", $$"""{"exp":{{Now + 60}},"iss":"https://REIN.example"}""", "invalid issuer" },
        { "missing iss", $$"""{"exp":{{Now + 60}}}""", "invalid issuer" },
        { "iss not string", $$"""{"exp":{{Now + 60}},"iss":1}""", "iss is not a string" },
        { "wrong aud", $$"""{"exp":{{Now + 60}},"iss":"https://rein.example","aud":"https://other.example"}""", "invalid audience" },
        { "aud array without match", $$"""{"exp":{{Now + 60}},"iss":"https://rein.example","aud":["a","b"]}""", "invalid audience" },
        { "aud empty array", $$"""{"exp":{{Now + 60}},"iss":"https://rein.example","aud":[]}""", "invalid audience" },
        { "aud array with number", $$"""{"exp":{{Now + 60}},"iss":"https://rein.example","aud":["https://tickets.example",1]}""", "aud is not a string or an array of strings" },
        { "aud object", $$$"""{"exp":{{{Now + 60}}},"iss":"https://rein.example","aud":{"a":1}}""", "aud is not a string or an array of strings" },
        { "missing aud", $$"""{"exp":{{Now + 60}},"iss":"https://rein.example"}""", "token has no audience" },
        { "exp as string", $$"""{"exp":"{{Now + 60}}"}""", "exp is not a NumericDate" },
        { "nbf as string", $$"""{"exp":{{Now + 60}},"nbf":"{{Now}}"}""", "nbf is not a NumericDate" },
        { "iat as string", $$"""{"exp":{{Now + 60}},"iat":"{{Now}}"}""", "iat is not a NumericDate" },
        { "exp as bool", """{"exp":true}""", "exp is not a NumericDate" },
        { "exp negative", """{"exp":-1}""", "exp is not a NumericDate" },
        { "exp beyond year 9999", """{"exp":1e300}""", "exp is not a NumericDate" },
        { "missing exp", """{"sub":"x"}""", "token has no expiration" },
        { "sub not string", $$"""{"exp":{{Now + 60}},"sub":["x"]}""", "sub is not a string" },
        { "jti not string", $$"""{"exp":{{Now + 60}},"jti":5}""", "jti is not a string" },
    };

    [Theory]
    [MemberData(nameof(BadClaims))]
    public void Validate_BadClaims_IsRefusedWithFixedError(string name, string json, string error)
    {
        var rules = new JwtClaimRules { Issuer = name.Contains("iss", StringComparison.Ordinal) || name.Contains("aud", StringComparison.Ordinal) ? "https://rein.example" : null, Audiences = name.Contains("aud", StringComparison.Ordinal) ? ["https://tickets.example"] : null };

        JwtClaimCheck check = JwtClaimValidator.Validate(Payload(json), rules, s_now);

        Assert.False(check.IsValid, name);
        Assert.Equal(error, check.Error);
    }

    [Fact]
    public void Validate_Expired_IsRefused()
    {
        JwtClaimCheck check = JwtClaimValidator.Validate(Payload($$"""{"exp":{{Now - 31}}}"""), new JwtClaimRules(), s_now);

        Assert.Equal("token expired", check.Error);
        Assert.Equal(s_now.AddSeconds(-31), check.Expires);
    }

    [Fact]
    public void Validate_WithinSkew_IsValid()
    {
        JsonElement payload = Payload($$"""{"exp":{{Now - 29}},"nbf":{{Now + 29}},"iat":{{Now + 29}}}""");

        Assert.True(JwtClaimValidator.Validate(payload, new JwtClaimRules(), s_now).IsValid);
        Assert.False(JwtClaimValidator.Validate(payload, new JwtClaimRules { ClockSkew = TimeSpan.Zero }, s_now).IsValid);
    }

    [Theory]
    [InlineData("\"https://tickets.example\"")]
    [InlineData("[\"https://other.example\",\"https://tickets.example\"]")]
    [InlineData("[\"https://tickets.example\"]")]
    public void Validate_AudienceStringOrArrayContainingOne_IsValid(string aud)
    {
        JsonElement payload = Payload($$"""{"exp":{{Now + 60}},"aud":{{aud}}}""");

        Assert.True(JwtClaimValidator.Validate(payload, new JwtClaimRules { Audiences = ["https://tickets.example", "x"] }, s_now).IsValid);
    }

    [Fact]
    public void Validate_FractionalNumericDates_AreAccepted()
    {
        JsonElement payload = Payload($$"""{"exp":{{Now + 60}}.75,"iat":{{Now}}.5}""");

        JwtClaimCheck check = JwtClaimValidator.Validate(payload, new JwtClaimRules(), s_now);

        Assert.True(check.IsValid, check.Error);
        Assert.Equal(s_now.AddSeconds(60.75), check.Expires);
    }

    [Fact]
    public void Validate_NoExpirationWhenNotRequired_IsValid() =>
        Assert.True(JwtClaimValidator.Validate(Payload("""{"sub":"x"}"""), new JwtClaimRules { RequireExpiration = false }, s_now).IsValid);

    [Fact]
    public void Validate_MaxLifetimeWithoutExp_IsRefused() =>
        Assert.Equal("token has no expiration", JwtClaimValidator.Validate(
            Payload("""{"sub":"x"}"""), new JwtClaimRules { RequireExpiration = false, MaxLifetime = TimeSpan.FromMinutes(5) }, s_now).Error);

    [Theory]
    [InlineData(0, 16 * 60, false)]
    [InlineData(0, 15 * 60, true)]
    [InlineData(-600, 6 * 60, false)]
    [InlineData(-60, 14 * 60, true)]
    public void Validate_MaxLifetime_BoundsExpMinusNowAndExpMinusIat(int iatOffset, int expOffset, bool valid)
    {
        JsonElement payload = Payload($$"""{"iat":{{Now + iatOffset}},"exp":{{Now + expOffset}}}""");

        JwtClaimCheck check = JwtClaimValidator.Validate(payload, new JwtClaimRules { MaxLifetime = TimeSpan.FromMinutes(15), ClockSkew = TimeSpan.Zero }, s_now);

        Assert.Equal(valid, check.IsValid);
        if (!valid)
        {
            Assert.Equal("token lifetime exceeds the maximum", check.Error);
        }
    }

    [Fact]
    public void Validate_RequiredIatAndJti_Missing_AreRefused()
    {
        Assert.Equal("token has no issued-at time", JwtClaimValidator.Validate(
            Payload($$"""{"exp":{{Now + 60}},"jti":"j"}"""), new JwtClaimRules { RequireIssuedAt = true, RequireJwtId = true }, s_now).Error);
        Assert.Equal("token has no jti", JwtClaimValidator.Validate(
            Payload($$"""{"exp":{{Now + 60}},"iat":{{Now}}}"""), new JwtClaimRules { RequireIssuedAt = true, RequireJwtId = true }, s_now).Error);
        Assert.Equal("token has no jti", JwtClaimValidator.Validate(
            Payload($$"""{"exp":{{Now + 60}},"jti":""}"""), new JwtClaimRules { RequireJwtId = true }, s_now).Error);
    }

    [Theory]
    [InlineData("""{"exp":4102444800,"iss":"\udc00"}""", "iss is not a string")]
    [InlineData("""{"exp":4102444800,"sub":"\ud800"}""", "sub is not a string")]
    [InlineData("""{"exp":4102444800,"jti":"\ud800"}""", "jti is not a string")]
    [InlineData("""{"exp":4102444800,"aud":"\ud800"}""", "invalid audience")]
    [InlineData("""{"exp":4102444800,"aud":["\ud800"]}""", "invalid audience")]
    [InlineData("""{"\ud800":1,"exp":4102444800}""", "claims are not valid JSON text")]
    public void Validate_TextThatIsNotUnicode_IsRefusedNotThrown(string json, string error)
    {
        using JsonDocument document = JsonDocument.Parse(json);

        JwtClaimCheck check = JwtClaimValidator.Validate(document.RootElement, new JwtClaimRules { Audiences = ["a"] }, s_now);

        Assert.False(check.IsValid);
        Assert.Equal(error, check.Error);
    }

    [Fact]
    public void Validate_NotAnObject_IsRefused() =>
        Assert.False(JwtClaimValidator.Validate(Payload("[]"), new JwtClaimRules(), s_now).IsValid);

    [Fact]
    public void Validate_NegativeSkew_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => JwtClaimValidator.Validate(Payload("{}"), new JwtClaimRules { ClockSkew = TimeSpan.FromSeconds(-1) }, s_now));

    private static JsonElement Payload(string json) => JsonElement.Parse(json);
}
