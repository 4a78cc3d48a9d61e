using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Rein.Broker.Http;

/// <summary>Writes OAuth JSON responses: <c>no-store</c>, and errors in the RFC 6749 §5.2 shape.</summary>
internal static class OAuthResults
{
    public static IResult Error(string error, string description, int status = StatusCodes.Status400BadRequest, string? dpopNonce = null) =>
        new OAuthErrorResult(error, description, status, dpopNonce);

    private sealed class OAuthErrorResult(string error, string description, int status, string? dpopNonce) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            SetNoStore(response);
            if (dpopNonce is not null) response.Headers["DPoP-Nonce"] = dpopNonce;
            if (status == StatusCodes.Status401Unauthorized && error == OAuthError.InvalidClient &&
                httpContext.Request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            {
                // RFC 6749 §5.2: a client that tried HTTP authentication gets the scheme back.
                response.Headers.WWWAuthenticate = "Basic realm=\"rein\"";
            }
            response.ContentType = "application/json";
            await using var writer = new Utf8JsonWriter(response.BodyWriter);
            writer.WriteStartObject();
            writer.WriteString("error", error);
            writer.WriteString("error_description", description);
            writer.WriteEndObject();
            await writer.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
        }
    }

    public static void SetNoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }
}
