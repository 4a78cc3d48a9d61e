using Rein.Jose;

namespace Rein.Core.Transactions;

/// <summary>What a service inside the trust domain accepts as a transaction token.</summary>
public sealed class TransactionTokenValidatorOptions
{
    /// <summary>The trust domain this service belongs to: the token's <c>aud</c> must equal it exactly.</summary>
    public required string TrustDomain { get; init; }

    /// <summary>
    /// Finds the key for a token's <c>kid</c>: <see cref="RemoteJsonWebKeySet.Resolve"/> for Rein's
    /// <c>/.well-known/txn-token-jwks.json</c>, or <see cref="TransactionKeyRing.Resolve"/> inside Rein.
    /// </summary>
    public required KeyResolver Keys { get; init; }

    /// <summary>
    /// Called when a token names a key <see cref="Keys"/> does not know (a rotation, or a gateway that just started);
    /// returns whether new keys were loaded, after which <see cref="TransactionTokenValidator.ValidateAsync(string?, CancellationToken)"/>
    /// tries once more. <see cref="RemoteJsonWebKeySet.RefreshAsync"/> fits, and limits how often it fetches.
    /// </summary>
    public Func<CancellationToken, Task<bool>>? RefreshKeys { get; init; }

    /// <summary>When set, <c>iss</c> must equal it (Rein's issuer URL). The draft makes <c>iss</c> optional, so by default it is not checked.</summary>
    public string? Issuer { get; init; }

    /// <summary>Tolerance for clock differences in <c>exp</c> and <c>iat</c>. Default 30 s.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Tokens longer than this are refused before anything is decoded. Default 16 KiB.</summary>
    public int MaxTokenLength { get; init; } = TransactionTokens.MaxTokenLength;

    /// <summary>The clock; <see cref="TimeProvider.System"/> by default.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
