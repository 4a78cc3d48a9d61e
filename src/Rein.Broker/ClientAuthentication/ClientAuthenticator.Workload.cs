using Rein.Core.Registry;
using Rein.Jose;

namespace Rein.Broker.ClientAuthentication;

internal sealed partial class ClientAuthenticator
{
    /// <summary>
    /// Platforms rotate workload tokens hourly (Kubernetes projected tokens default to 1 h); a token that claims to
    /// live longer than a day is a long-lived secret in disguise and is refused.
    /// </summary>
    public static readonly TimeSpan MaxWorkloadTokenLifetime = TimeSpan.FromHours(24);

    private static readonly JwsReadOptions WorkloadOptions = new()
    {
        Algorithms = AssertionAlgorithms,
        // Kubernetes and CI tokens carry typ JWT or none; SPIFFE JWT-SVIDs may carry JOSE or JWT.
        AcceptedTypes = ["JWT", "JOSE"],
        MaxTokenLength = MaxAssertionLength,
    };

    private async Task<ClientAuthResult> AuthenticateWorkloadAsync(string assertion, TrustedIssuer trusted, string? clientIdParameter,
        string[] audiences, ClientAuthMethod method, CancellationToken cancellationToken)
    {
        var read = await trustedKeys.ReadAsync(trusted, assertion, WorkloadOptions, cancellationToken).ConfigureAwait(false);
        if (read is null) return ClientAuthResult.Fail("the trusted issuer's keys are not available");
        if (!read.IsValid) return ClientAuthResult.Fail("the workload token is invalid: " + read.ErrorDescription);

        var check = JwtClaimValidator.Validate(read.Payload, new JwtClaimRules
        {
            // SPIFFE JWT-SVIDs need not carry iss; their trust domain is in sub, checked below.
            Issuer = method == ClientAuthMethod.Spiffe ? null : trusted.Issuer,
            Audiences = trusted.Audience is not null ? [trusted.Audience] : audiences,
            RequireExpiration = true,
            ClockSkew = ClockSkew,
            MaxLifetime = MaxWorkloadTokenLifetime,
        }, time.GetUtcNow());
        if (!check.IsValid) return ClientAuthResult.Fail("the workload token is invalid: " + check.Error);
        if (check.Subject is null) return ClientAuthResult.Fail("the workload token has no subject");

        var domain = method == ClientAuthMethod.Spiffe ? trusted.Issuer : check.Issuer!;
        if (method == ClientAuthMethod.Spiffe && !check.Subject.StartsWith(trusted.Issuer + "/", StringComparison.Ordinal))
        {
            return ClientAuthResult.Fail("the SVID's SPIFFE ID is outside the trust domain");
        }

        // Note: workload tokens are reused by their platforms (a projected service-account token lives up to an hour),
        // so there is no single-use check; they are bound to an audience, short-lived, and the access token Rein
        // issues is bound to the agent's DPoP key.
        if (!registry.Current.Workloads.TryGetValue(RegistrySnapshot.WorkloadKey(domain, check.Subject), out var client))
        {
            return ClientAuthResult.Fail("no agent is registered for this workload identity");
        }
        if (clientIdParameter is not null && !string.Equals(clientIdParameter, client.Id, StringComparison.Ordinal))
        {
            return ClientAuthResult.Fail("client_id does not match the workload identity");
        }
        return ClientAuthResult.Success(client, method);
    }

    private Task<ClientAuthResult> AuthenticateSpiffeAsync(string assertion, string? clientIdParameter, string[] audiences, CancellationToken cancellationToken)
    {
        if (!UnverifiedClaims.TryRead(assertion, MaxAssertionLength, out _, out var sub) || sub is null ||
            !sub.StartsWith("spiffe://", StringComparison.Ordinal))
        {
            return Task.FromResult(ClientAuthResult.Fail("the JWT-SVID has no SPIFFE ID in sub"));
        }
        var slash = sub.IndexOf('/', "spiffe://".Length);
        var trustDomain = slash < 0 ? sub : sub[..slash];
        if (!registry.Current.TrustedIssuers.TryGetValue(trustDomain, out var trusted) || !trusted.IsSpiffe)
        {
            return Task.FromResult(ClientAuthResult.Fail("the SVID's trust domain is not trusted"));
        }
        return AuthenticateWorkloadAsync(assertion, trusted, clientIdParameter, audiences, ClientAuthMethod.Spiffe, cancellationToken);
    }
}
