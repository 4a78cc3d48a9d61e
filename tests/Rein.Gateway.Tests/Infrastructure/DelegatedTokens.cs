using Microsoft.Extensions.DependencyInjection;
using Rein.Core.Keys;
using Rein.Jose;

namespace Rein.Gateway.Tests.Infrastructure;

/// <summary>
/// Access tokens as token exchange will issue them for delegated access — <c>sub</c> the user, <c>sub_id</c> naming
/// the user's issuer, an RFC 8693 <c>act</c> chain, grant and approval ids — signed directly with the host's key ring.
/// </summary>
internal static class DelegatedTokens
{
    public const string UserIssuer = "https://idp.example.com";

    /// <summary>A token for <paramref name="agent"/> acting for alice through <paramref name="earlierActors"/>, bound to <paramref name="dpopKey"/>.</summary>
    public static string Mint(GatewayHost host, string agent, SigningKey dpopKey, string scope = "tickets.read", params string[] earlierActors)
    {
        var key = host.App.Services.GetRequiredService<KeyRing>().GetSigningKey("ES256")!;
        var now = host.Time.GetUtcNow().ToUnixTimeSeconds();
        var state = (host.Issuer, agent, scope, now, jkt: dpopKey.PublicJwk.Thumbprint, earlierActors);
        return JwtWriter.Write(key, "at+jwt", state, static (w, s) =>
        {
            w.WriteString("iss", s.Issuer);
            w.WriteString("sub", "alice");
            w.WriteStartObject("sub_id");
            w.WriteString("format", "iss_sub");
            w.WriteString("iss", UserIssuer);
            w.WriteString("sub", "alice");
            w.WriteEndObject();
            w.WriteString("aud", GatewayScenario.TicketsAudience);
            w.WriteString("client_id", s.agent);
            w.WriteString("scope", s.scope);
            w.WriteString("jti", Guid.NewGuid().ToString("N"));
            w.WriteNumber("iat", s.now);
            w.WriteNumber("exp", s.now + 120);
            w.WriteString("sid", "root-session-of-alice");
            w.WriteStartObject("act");
            w.WriteString("sub", s.agent);
            foreach (var actor in s.earlierActors)
            {
                w.WriteStartObject("act");
                w.WriteString("sub", actor);
            }
            foreach (var _ in s.earlierActors) w.WriteEndObject();
            w.WriteEndObject();
            w.WriteString("grant_id", "grant-42");
            w.WriteString("approval_id", "approval-7");
            w.WriteStartObject("cnf");
            w.WriteString("jkt", s.jkt);
            w.WriteEndObject();
        });
    }
}
