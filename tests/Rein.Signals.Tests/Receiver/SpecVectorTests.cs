using System.Net;
using Rein.Signals.Tests.Infrastructure;

namespace Rein.Signals.Tests.Receiver;

/// <summary>
/// Every example SET of the SSF 1.0, CAEP 1.0 and RISC 1.0 specifications, signed verbatim with a test key and pushed
/// to a transmitter configured with the example's iss and aud: accepted with 202, or refused as the specs say.
/// </summary>
public sealed class SpecVectorTests
{
    public static TheoryData<string, int, string?> Vectors => new()
    {
        { "caep-10.json", 202, null },
        { "caep-11.json", 202, null },
        { "caep-12.json", 202, null },
        { "caep-13.json", 202, null },
        { "caep-14.json", 202, null },
        { "caep-15.json", 202, null },
        { "caep-16.json", 202, null },
        { "caep-17.json", 202, null },
        { "caep-18.json", 202, null },
        { "caep-19.json", 202, null },
        { "caep-20.json", 202, null },
        { "caep-21.json", 202, null },
        { "caep-22.json", 202, null },
        { "risc-23-account-credential-change-required-example.json", 202, null },
        // Not valid JSON (a trailing comma in the spec): RFC 8935 §2.4 "cannot be parsed as a SET".
        { "risc-24-account-disabled-example.json", 400, "invalid_request" },
        { "risc-25-identifier-changed-example.json", 202, null },
        { "risc-26-identifier-recycled-example.json", 202, null },
        { "risc-27-credential-compromise-example.json", 202, null },
        // Verification events carrying a state this receiver never asked for: SSF 1.0 §8.1.4.1 invalid_state.
        { "ssf-01-figarrayaud.json", 400, "invalid_state" },
        { "ssf-02.json", 202, null },
        { "ssf-03.json", 202, null },
        { "ssf-04.json", 202, null },
        { "ssf-05.json", 202, null },
        { "ssf-06.json", 202, null },
        // An 11-digit iat (the year 2451): a SET issued in the future is refused.
        { "ssf-07.json", 400, "invalid_request" },
        { "ssf-08-figverifyset.json", 400, "invalid_state" },
        { "ssf-09-figstreamupdatedset.json", 202, null },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task Push_SpecExample_IsAcceptedOrRefusedAsTheSpecSays(string vector, int status, string? err)
    {
        var (issuer, audience) = SpecVectors.Envelope(vector);
        var transmitter = TestTransmitter.Create(issuer);
        await using var host = await SignalsHost.StartAsync([SignalsHost.Transmitter("idp", transmitter, audience)]);

        var response = await host.PushAsync("idp", transmitter.Sign(SpecVectors.Text(vector)));

        if (err is null) response.AssertAccepted();
        else response.AssertError((HttpStatusCode)status, err);
    }

    [Fact]
    public void Vectors_EveryFileInTheFolderIsCovered()
    {
        var files = Directory.GetFiles(SpecVectors.Directory, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(files, Vectors.Select(row => (string)row[0]).Order(StringComparer.Ordinal));
    }
}
