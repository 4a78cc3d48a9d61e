namespace Rein.Core.Configuration;

/// <summary>Reads the top-level <c>signals</c> mapping; each side of shared signals reads its own members.</summary>
internal static partial class SignalsReader
{
    public static SignalsConfig Read(MappingReader root)
    {
        if (!root.Has("signals")) return SignalsConfig.Empty;
        var fields = root.Mapping("signals", Keys);
        return ReadTransmitter(fields, new SignalsConfig());
    }
}
