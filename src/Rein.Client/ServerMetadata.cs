namespace Rein.Client;

/// <summary>The endpoints Rein's RFC 8414 metadata names.</summary>
public sealed record ServerMetadata(string Issuer, Uri TokenEndpoint, Uri JwksUri, Uri? IntrospectionEndpoint, Uri? RevocationEndpoint);
