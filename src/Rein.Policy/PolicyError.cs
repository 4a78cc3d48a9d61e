namespace Rein.Policy;

/// <summary>A policy whose evaluation failed for a request.</summary>
/// <param name="PolicyId">The policy's id.</param>
/// <param name="Message">What went wrong.</param>
public sealed record PolicyError(string PolicyId, string Message);
