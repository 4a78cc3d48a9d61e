using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Rein.Core.Configuration;
using Rein.Core.Tokens;
using Rein.Jose;

namespace Rein.Core.Transactions;

/// <summary>
/// Validates the transaction token a service receives in the <c>Txn-Token</c> header, as the draft's "Txn-Token
/// Validation" asks and a little more: size before decoding, ES256 only, <c>typ txntoken+jwt</c>, the signature against
/// keys the service trusts, <c>aud</c> exactly the service's trust domain, <c>exp</c> and <c>iat</c> with a small
/// skew, a lifetime of at most 5 minutes, and every claim the draft requires (<c>txn</c>, <c>sub</c>, <c>scope</c>,
/// <c>req_wl</c>). Thread-safe; build one per service and reuse it.
/// </summary>
/// <example>
/// <code>
/// var jwks = new RemoteJsonWebKeySet(new HttpClient(), new Uri("https://rein.example.com/.well-known/txn-token-jwks.json"));
/// var txnTokens = new TransactionTokenValidator(new TransactionTokenValidatorOptions
/// {
///     TrustDomain = "https://rein.example.com",
///     Keys = jwks.Resolve,
///     RefreshKeys = jwks.RefreshAsync,
/// });
///
/// app.Use(async (context, next) =>
/// {
///     var result = await txnTokens.ValidateAsync(context.Request, context.RequestAborted);
///     if (!result.IsValid)
///     {
///         context.Response.StatusCode = StatusCodes.Status401Unauthorized;
///         return;
///     }
///     var txn = result.Token!;   // txn.Subject, txn.Action, txn.UserSubject, txn.Actors, txn.ClientAddress …
///     await next(context);
/// });
/// </code>
/// </example>
public sealed class TransactionTokenValidator
{
    private static readonly FrozenSet<string> Algorithms = new[] { JwsAlgorithms.ES256 }.ToFrozenSet(StringComparer.Ordinal);

    private readonly TransactionTokenValidatorOptions _options;
    private readonly JwsReadOptions _readOptions;
    private readonly JwtClaimRules _rules;

    public TransactionTokenValidator(TransactionTokenValidatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.TrustDomain, nameof(options));
        ArgumentNullException.ThrowIfNull(options.Keys, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ClockSkew, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxTokenLength, 64, nameof(options));
        _options = options;
        _readOptions = new JwsReadOptions
        {
            Algorithms = Algorithms,
            AcceptedTypes = [TokenTypes.TransactionToken],
            MaxTokenLength = options.MaxTokenLength,
        };
        _rules = new JwtClaimRules
        {
            Issuer = options.Issuer,
            Audiences = [options.TrustDomain],
            RequireExpiration = true,
            RequireIssuedAt = true,
            ClockSkew = options.ClockSkew,
            MaxLifetime = TransactionTokenConfig.MaxLifetime,
        };
    }

    /// <summary>Validates <paramref name="token"/> with the keys known now.</summary>
    public TransactionTokenValidation Validate(string? token)
    {
        if (string.IsNullOrEmpty(token)) return TransactionTokenValidation.Invalid(TransactionTokenError.Missing, "no transaction token");

        var read = JwsReader.Read(token, _readOptions, _options.Keys);
        if (!read.IsValid) return TransactionTokenValidation.Invalid(Map(read.Error), read.ErrorDescription);

        var payload = read.Payload;
        var check = JwtClaimValidator.Validate(payload, _rules, _options.Time.GetUtcNow());
        if (!check.IsValid) return Claims(check.Error ?? "token claims are invalid");

        // Note: a transaction token is valid in exactly one trust domain; an array naming others is not one of ours.
        if (!TryGetString(payload, "aud", out var audience)) return Claims("aud is not a single trust domain");
        if (!TryGetString(payload, "txn", out var txn)) return Claims("txn is missing");
        if (!TryGetString(payload, "sub", out var subject)) return Claims("sub is missing");
        if (!TryGetString(payload, "req_wl", out var requestingWorkload)) return Claims("req_wl is missing");
        if (!payload.TryGetProperty("scope", out var scopeElement) || scopeElement.ValueKind != JsonValueKind.String) return Claims("scope is missing");

        var tctx = Optional(payload, "tctx");
        var rctx = Optional(payload, "rctx");
        if (tctx.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object)) return Claims("tctx is not an object");
        if (rctx.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object)) return Claims("rctx is not an object");

        var context = TransactionContextReader.Read(tctx);
        if (context.Error is not null) return Claims(context.Error);
        if (!TryGetOptionalString(rctx, "req_ip", out var clientAddress) || !TryGetOptionalString(rctx, "authn", out var authn))
        {
            return Claims("rctx has a member of the wrong type");
        }

        return TransactionTokenValidation.Valid(new TransactionToken
        {
            TransactionId = txn,
            Subject = subject,
            Scope = scopeElement.GetString()!,
            RequestingWorkload = requestingWorkload,
            Audience = audience,
            Issuer = check.Issuer,
            IssuedAt = check.IssuedAt!.Value,
            ExpiresAt = check.Expires!.Value,
            Tool = context.Tool,
            Action = context.Action,
            Agent = context.Agent,
            UserSubject = context.UserSubject,
            UserIssuer = context.UserIssuer,
            Actors = context.Actors,
            GrantId = context.GrantId,
            ApprovalId = context.ApprovalId,
            ClientAddress = clientAddress,
            AuthenticationMethod = authn,
            TransactionContext = tctx,
            RequestContext = rctx,
        });
    }

    /// <summary>Validates the one <c>Txn-Token</c> header of <paramref name="request"/>; none or several is a failure.</summary>
    public TransactionTokenValidation Validate(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = request.Headers[TransactionTokens.HeaderName];
        return headers.Count switch
        {
            0 => TransactionTokenValidation.Invalid(TransactionTokenError.Missing, "no Txn-Token header"),
            1 => Validate(headers[0]),
            _ => TransactionTokenValidation.Invalid(TransactionTokenError.Ambiguous, "more than one Txn-Token header"),
        };
    }

    /// <summary>
    /// Validates <paramref name="token"/>; when it names a key not yet known and <see cref="TransactionTokenValidatorOptions.RefreshKeys"/>
    /// loads new keys, validates once more.
    /// </summary>
    public async Task<TransactionTokenValidation> ValidateAsync(string? token, CancellationToken cancellationToken)
    {
        var result = Validate(token);
        if (result.Error != TransactionTokenError.UnknownKey || _options.RefreshKeys is not { } refresh) return result;
        return await refresh(cancellationToken).ConfigureAwait(false) ? Validate(token) : result;
    }

    /// <summary>As <see cref="ValidateAsync(string?, CancellationToken)"/>, for the one <c>Txn-Token</c> header of <paramref name="request"/>.</summary>
    public async Task<TransactionTokenValidation> ValidateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var result = Validate(request);
        if (result.Error != TransactionTokenError.UnknownKey || _options.RefreshKeys is not { } refresh) return result;
        return await refresh(cancellationToken).ConfigureAwait(false) ? Validate(request) : result;
    }

    private static TransactionTokenValidation Claims(string description) =>
        TransactionTokenValidation.Invalid(TransactionTokenError.InvalidClaims, description);

    private static TransactionTokenError Map(JoseError error) => error switch
    {
        JoseError.TooLarge => TransactionTokenError.TooLarge,
        JoseError.UnsupportedAlgorithm => TransactionTokenError.UnsupportedAlgorithm,
        JoseError.InvalidType => TransactionTokenError.InvalidType,
        JoseError.UnknownKey or JoseError.InvalidKey => TransactionTokenError.UnknownKey,
        JoseError.InvalidSignature => TransactionTokenError.InvalidSignature,
        _ => TransactionTokenError.Malformed,
    };

    private static JsonElement Optional(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) ? value : default;

    private static bool TryGetString(JsonElement obj, string name, out string value)
    {
        value = obj.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String ? element.GetString()! : string.Empty;
        return value.Length > 0;
    }

    internal static bool TryGetOptionalString(JsonElement obj, string name, out string? value)
    {
        value = null;
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var element)) return true;
        if (element.ValueKind != JsonValueKind.String) return false;
        value = element.GetString();
        return true;
    }
}
