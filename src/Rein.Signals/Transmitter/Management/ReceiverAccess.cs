using Microsoft.AspNetCore.Http;
using Rein.Core.Configuration;

namespace Rein.Signals.Transmitter.Management;

/// <summary>Who is calling the management API (a declared receiver), or the answer to give when nobody allowed is.</summary>
internal sealed record ReceiverAccess(SignalReceiverConfig? Receiver, IResult? Failure)
{
    public bool Allowed => Receiver is not null;
}
