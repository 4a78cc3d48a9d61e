namespace Rein.Core.Configuration;

/// <summary>Reads <c>signals</c>: <c>transmitters</c> (who sends events to Rein).</summary>
internal static class SignalsReader
{
    private static readonly string[] Keys = ["transmitters"];

    public static SignalsConfig Read(MappingReader root)
    {
        if (!root.Has("signals")) return SignalsConfig.Empty;
        var fields = root.Mapping("signals", Keys);
        return new SignalsConfig
        {
            Transmitters = fields.Sequence("transmitters")
                .Select(item => SignalTransmitterReader.Read(item.Node, item.Path, fields.Diagnostics))
                .ToList()
                .AsReadOnly(),
        };
    }
}
