using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Rein.Signals.Receiver;

/// <summary>
/// <c>POST /ssf/receiver/{id}</c>: push delivery (RFC 8935 §2). The transmitter authenticates with the exact
/// <c>Authorization</c> value configured for it (compared in constant time, never logged): missing or wrong is 401,
/// another transmitter's is 403 (§2.3, with <c>authentication_failed</c> / <c>access_denied</c>). A valid SET — or one
/// already received — is answered 202 with no body (§2.2); a refused one 400 with <c>{"err","description"}</c>; one
/// that could not be stored 503 with no body, so the transmitter delivers it again.
/// </summary>
internal static class PushEndpoint
{
    public const string Pattern = "/ssf/receiver/{id}";
    public const string ContentType = "application/secevent+jwt";

    public static async Task HandleAsync(HttpContext context, string id, SignalReceiver receiver)
    {
        var received = Stopwatch.GetTimestamp();
        context.Response.Headers.CacheControl = "no-store";
        var transmitter = receiver.Find(id);
        if (transmitter?.PushAuthorization is not { } expected)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var headers = context.Request.Headers.Authorization;
        var presented = headers.Count == 1 ? Encoding.UTF8.GetBytes(headers[0] ?? "") : [];
        if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(expected, presented))
        {
            if (presented.Length > 0 && receiver.IsOtherTransmittersCredential(id, presented))
            {
                await ErrorAsync(context, StatusCodes.Status403Forbidden, SetErrorCodes.AccessDenied, "these credentials may not deliver SETs for this transmitter").ConfigureAwait(false);
                return;
            }
            context.Response.Headers.WWWAuthenticate = presented.Length == 0 ? "Bearer" : "Bearer error=\"invalid_token\"";
            await ErrorAsync(context, StatusCodes.Status401Unauthorized, SetErrorCodes.AuthenticationFailed, "the transmitter could not be authenticated").ConfigureAwait(false);
            return;
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType) ||
            !mediaType.MediaType.Equals(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, SetErrorCodes.InvalidRequest, "the body must be a SET sent as application/secevent+jwt").ConfigureAwait(false);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = Transmitter.MaxSetLength + 1024;
        }

        byte[]? body;
        try
        {
            body = await ResponseBody.ReadLimitedAsync(context.Request.Body, Transmitter.MaxSetLength, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException)
        {
            body = null;
        }

        if (body is null)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, SetErrorCodes.InvalidRequest, "the SET exceeds the maximum size").ConfigureAwait(false);
            return;
        }

        string compact;
        try
        {
            compact = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body).Trim();
        }
        catch (DecoderFallbackException)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, SetErrorCodes.InvalidRequest, "the request body is not a signed SET").ConfigureAwait(false);
            return;
        }

        ReceiveOutcome outcome;
        try
        {
            outcome = await receiver.ReceiveAsync(id, compact, received, "push", context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            // Note: not stored, so neither accepted nor refused: 503 with no body, and the transmitter delivers it again.
            // An early tightening of this instance's index stays (docs/signals-receiver.md, "Ordering").
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        if (outcome.Accepted)
        {
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }
        await ErrorAsync(context, StatusCodes.Status400BadRequest, outcome.Error!, outcome.Description!).ConfigureAwait(false);
    }

    private static Task ErrorAsync(HttpContext context, int status, string error, string description)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        // Note: RFC 8935 §2.3 — {"err","description"}; the description is a fixed text, never a value from the SET.
        return context.Response.WriteAsync(SetErrorJson.Write(error, description));
    }
}
