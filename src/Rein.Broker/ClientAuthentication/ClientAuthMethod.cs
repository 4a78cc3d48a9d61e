namespace Rein.Broker.ClientAuthentication;

/// <summary>How a client proved who it is; recorded in tokens' audit trail and transaction-token context.</summary>
public enum ClientAuthMethod
{
    PrivateKeyJwt,
    Workload,
    Spiffe,
    ClientSecretBasic,
}
