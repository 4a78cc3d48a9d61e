using Rein.Core.Hosting;
using Rein.Core.Registry;

namespace Rein.Core.Transactions;

/// <summary>
/// Mints transaction tokens (draft-ietf-oauth-transaction-tokens-08): <c>typ txntoken+jwt</c>, <c>iss</c> this Rein,
/// <c>aud</c> the trust domain, the configured lifetime (60 s by default, at most 5 minutes), signed by
/// <see cref="TransactionKeyRing"/>. Used by the broker's token endpoint and by the gateway on every forwarded call.
/// </summary>
public sealed class TransactionTokenIssuer(TransactionKeyRing keys, IssuerIdentity issuer, ReinRegistry registry, TimeProvider time)
{
    /// <summary>The <c>aud</c> of every transaction token: the configured trust domain, or the issuer.</summary>
    public string TrustDomain => registry.Current.Config.TransactionTokens.TrustDomain ?? issuer.Issuer;

    /// <summary>
    /// Signs a transaction token for <paramref name="request"/>. False only when no signing key is available, in which
    /// case the caller must refuse the transaction (fail closed) rather than go on without one.
    /// </summary>
    public bool TryIssue(TransactionTokenRequest request, out IssuedTransactionToken issued)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = keys.GetSigningKey();
        if (key is null)
        {
            issued = default;
            return false;
        }

        var config = registry.Current.Config.TransactionTokens;
        var iat = time.GetUtcNow().ToUnixTimeSeconds();
        var exp = iat + (long)config.Lifetime.TotalSeconds;
        var token = TransactionTokenWriter.Write(key, issuer.Issuer, config.TrustDomain ?? issuer.Issuer, iat, exp, request);
        issued = new IssuedTransactionToken(token, iat, exp);
        return true;
    }
}
