namespace Rein.Core.Registry;

/// <summary>What a registered OAuth client is.</summary>
public enum ClientKind
{
    Agent,
    Admin,

    /// <summary>An SSF receiver that manages event streams at Rein's transmitter (<c>signals.receivers</c>).</summary>
    SignalReceiver,
}
