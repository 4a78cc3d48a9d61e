using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Rein.Broker.Http;

/// <summary>
/// The answer to an exchange for an action that waits on a human: RFC 8628 §3.5's <c>authorization_pending</c>
/// error (400), extended with the <c>approval_id</c> to retry with, <c>expires_in</c> (seconds until the request
/// lapses) and <c>interval</c> (seconds between retries).
/// </summary>
internal sealed class ApprovalPendingResult(string approvalId, long expiresIn, int interval, string description, string? dpopNonce) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status400BadRequest;
        OAuthResults.SetNoStore(response);
        if (dpopNonce is not null) response.Headers["DPoP-Nonce"] = dpopNonce;
        response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("error"u8, OAuthError.AuthorizationPending);
        writer.WriteString("error_description"u8, description);
        writer.WriteString("approval_id"u8, approvalId);
        writer.WriteNumber("expires_in"u8, expiresIn);
        writer.WriteNumber("interval"u8, interval);
        writer.WriteEndObject();
        await writer.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
    }
}
