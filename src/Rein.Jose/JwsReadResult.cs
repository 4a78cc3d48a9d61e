using System.Text.Json;

namespace Rein.Jose;

/// <summary>
/// The outcome of <see cref="JwsReader.Read"/>: a value that is invalid unless every check passed.
/// </summary>
public sealed class JwsReadResult
{
    private JwsReadResult(JoseError error, string description)
    {
        Error = error;
        ErrorDescription = description;
        Algorithm = string.Empty;
    }

    private JwsReadResult(string algorithm, string? keyId, string? type, JsonElement header, JsonElement payload, JsonWebKey? embeddedJwk, VerificationKey key)
    {
        IsValid = true;
        Error = JoseError.None;
        ErrorDescription = string.Empty;
        Algorithm = algorithm;
        KeyId = keyId;
        Type = type;
        Header = header;
        Payload = payload;
        EmbeddedJwk = embeddedJwk;
        Key = key;
    }

    /// <summary>True only when the token is well formed, allowed, and its signature verified.</summary>
    public bool IsValid { get; }

    /// <summary>Why the token was refused; <see cref="JoseError.None"/> when valid.</summary>
    public JoseError Error { get; }

    /// <summary>A fixed description of the error, safe to log: it never contains token, header or claim values.</summary>
    public string ErrorDescription { get; }

    /// <summary>The verified <c>alg</c>; empty when invalid.</summary>
    public string Algorithm { get; }

    /// <summary>The header's <c>kid</c>, if any.</summary>
    public string? KeyId { get; }

    /// <summary>The header's <c>typ</c>, if any.</summary>
    public string? Type { get; }

    /// <summary>The protected header; undefined when invalid.</summary>
    public JsonElement Header { get; }

    /// <summary>The payload, always a JSON object when valid; undefined when invalid. Claims are not yet checked.</summary>
    public JsonElement Payload { get; }

    /// <summary>The header's <c>jwk</c>, when <see cref="JwsReadOptions.UseEmbeddedJwk"/> was set.</summary>
    public JsonWebKey? EmbeddedJwk { get; }

    /// <summary>The key that verified the signature.</summary>
    public VerificationKey? Key { get; }

    internal static JwsReadResult Fail(JoseError error, string description) => new(error, description);

    internal static JwsReadResult Success(
        string algorithm, string? keyId, string? type, JsonElement header, JsonElement payload, JsonWebKey? embeddedJwk, VerificationKey key) =>
        new(algorithm, keyId, type, header, payload, embeddedJwk, key);
}
