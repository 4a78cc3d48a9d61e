namespace Rein.Core.Configuration;

/// <summary>
/// Reads the top-level <c>signals</c> mapping: <c>transmitters</c> (who sends events to Rein) here, <c>receivers</c>
/// and <c>anomalies</c> (Rein as a transmitter) in <c>SignalsReader.Transmitter.cs</c>.
/// </summary>
internal static partial class SignalsReader
{
    public static SignalsConfig Read(MappingReader root)
    {
        if (!root.Has("signals")) return SignalsConfig.Empty;
        var fields = root.Mapping("signals", Keys);
        var config = new SignalsConfig
        {
            Transmitters = fields.Sequence("transmitters")
                .Select(item => SignalTransmitterReader.Read(item.Node, item.Path, fields.Diagnostics))
                .ToList()
                .AsReadOnly(),
        };
        return ReadTransmitter(fields, config);
    }
}
