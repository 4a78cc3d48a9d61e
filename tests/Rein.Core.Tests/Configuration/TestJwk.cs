using System.Security.Cryptography;

namespace Rein.Core.Tests.Configuration;

/// <summary>A real P-256 public key, as YAML flow mapping and as its base64url coordinates.</summary>
internal sealed class TestJwk
{
    private TestJwk(string kid, string x, string y)
    {
        Kid = kid;
        X = x;
        Y = y;
    }

    public string Kid { get; }

    public string X { get; }

    public string Y { get; }

    /// <summary>The key as a YAML flow mapping: <c>{ kty: EC, crv: P-256, x: "…", y: "…", kid: "…" }</c>.</summary>
    public string Yaml => $"{{ kty: EC, crv: P-256, x: \"{X}\", y: \"{Y}\", kid: \"{Kid}\" }}";

    /// <summary>A one-key JWKS as a YAML flow mapping.</summary>
    public string JwksYaml => $"{{ keys: [ {Yaml} ] }}";

    /// <summary>The canonical JSON the loader produces for <see cref="JwksYaml"/>.</summary>
    public string JwksJson => $$"""{"keys":[{"crv":"P-256","kid":"{{Kid}}","kty":"EC","x":"{{X}}","y":"{{Y}}"}]}""";

    public static TestJwk Create(string kid)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(includePrivateParameters: false);
        return new TestJwk(kid, Base64Url(parameters.Q.X!), Base64Url(parameters.Q.Y!));
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
