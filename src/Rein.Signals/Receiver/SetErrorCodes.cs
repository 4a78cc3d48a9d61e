namespace Rein.Signals.Receiver;

/// <summary>The Security Event Token error codes (RFC 8935 §2.4 registry, plus <c>invalid_state</c> from SSF 1.0 §8.1.4.1).</summary>
public static class SetErrorCodes
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidKey = "invalid_key";
    public const string InvalidIssuer = "invalid_issuer";
    public const string InvalidAudience = "invalid_audience";
    public const string AuthenticationFailed = "authentication_failed";
    public const string AccessDenied = "access_denied";
    public const string InvalidState = "invalid_state";
}
