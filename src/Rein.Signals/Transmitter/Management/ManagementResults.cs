using Microsoft.AspNetCore.Http;

namespace Rein.Signals.Transmitter.Management;

/// <summary>
/// Answers of the stream management API: the status codes of SSF 1.0 §8.1's tables, with an RFC 9457 problem body
/// that says what was wrong in general terms and never repeats a token or a submitted value.
/// </summary>
internal static class ManagementResults
{
    public static IResult Problem(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail);

    public static IResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "Invalid request", detail);

    public static IResult NotFound() =>
        Problem(StatusCodes.Status404NotFound, "No such stream", "There is no event stream with this stream_id for this receiver.");

    public static IResult Json(object value, int status = StatusCodes.Status200OK) => new NoStoreResult(Results.Json(value, statusCode: status));

    public static IResult NoContent() => new NoStoreResult(Results.NoContent());

    public static IResult EmptyOk() => new NoStoreResult(Results.Ok());

    /// <summary>Management answers describe a receiver's streams: never cached (SSF's examples send <c>no-store</c>).</summary>
    private sealed class NoStoreResult(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.CacheControl = "no-store";
            return inner.ExecuteAsync(httpContext);
        }
    }
}
