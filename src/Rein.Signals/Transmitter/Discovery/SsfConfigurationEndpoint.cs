using Microsoft.AspNetCore.Http;
using Rein.Core.Hosting;

namespace Rein.Signals.Transmitter.Discovery;

/// <summary>
/// The Transmitter Configuration Metadata (SSF 1.0 §7.1) at <c>/.well-known/ssf-configuration</c> (with the issuer's
/// path appended when it has one, §7.2). Public, as §7.1.1 recommends for <c>authorization_schemes</c>.
/// </summary>
internal sealed class SsfConfigurationEndpoint(IssuerIdentity identity)
{
    public IResult Get(string? rest)
    {
        var issuer = identity.Issuer;
        var issuerPath = new Uri(issuer).AbsolutePath.TrimEnd('/');
        if ((rest is null ? string.Empty : "/" + rest) != issuerPath) return Results.NotFound();
        var document = new Dictionary<string, object>
        {
            ["spec_version"] = "1_0",
            ["issuer"] = issuer,
            ["jwks_uri"] = issuer + "/.well-known/jwks.json",
            ["delivery_methods_supported"] = new[] { SsfPaths.PushMethod, SsfPaths.PollMethod },
            ["configuration_endpoint"] = issuer + SsfPaths.Stream,
            ["status_endpoint"] = issuer + SsfPaths.Status,
            ["add_subject_endpoint"] = issuer + SsfPaths.AddSubject,
            ["remove_subject_endpoint"] = issuer + SsfPaths.RemoveSubject,
            ["verification_endpoint"] = issuer + SsfPaths.Verify,
            ["authorization_schemes"] = new[] { new Dictionary<string, string> { ["spec_urn"] = SsfPaths.OAuthScheme } },
            ["default_subjects"] = "ALL",
        };
        return Results.Json(document, contentType: "application/json");
    }
}
