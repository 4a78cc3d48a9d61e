namespace Rein.Client;

/// <summary>An OAuth error answer (RFC 6749 §5.2) from Rein.</summary>
public class ReinClientException(int status, string error, string? description)
    : Exception($"{error}: {description}")
{
    public int Status { get; } = status;
    public string Error { get; } = error;
    public string? Description { get; } = description;
}
