using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Rein.Jose;

namespace Rein.Bench.Shared;

/// <summary>
/// The cryptographic work one DPoP-bound token cannot avoid, done with raw <see cref="ECDsa"/> and nothing else:
/// verify the client assertion (ES256), verify the DPoP proof (ES256), sign the access token (ES256). The signing
/// inputs are real ones of each kind, so hashing costs what it costs on the token path.
/// </summary>
public sealed class CryptoFloor : IDisposable
{
    private readonly ECDsa _assertionKey;
    private readonly ECDsa _proofKey;
    private readonly ECDsa _issuerKey;
    private readonly byte[] _assertionInput;
    private readonly byte[] _assertionSignature;
    private readonly byte[] _proofInput;
    private readonly byte[] _proofSignature;
    private readonly byte[] _tokenInput;
    private readonly byte[] _tokenSignature = new byte[64];

    public CryptoFloor()
    {
        using var clientKey = SigningKey.Generate(JwsAlgorithms.ES256, "client");
        using var dpopKey = SigningKey.Generate(JwsAlgorithms.ES256, "dpop");
        using var issuerKey = SigningKey.Generate(JwsAlgorithms.ES256, "es256-bench");
        var issuer = "http://127.0.0.1:5080";
        var now = DateTimeOffset.UtcNow;
        _assertionInput = SigningInput(TokenRequestParts.ClientAssertion(clientKey, "bench-agent", issuer, now));
        _proofInput = SigningInput(TokenRequestParts.Proof(dpopKey, new Uri(issuer + TokenRequestParts.TokenPath), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", now));
        _tokenInput = SigningInput(AccessTokenShape.Write(issuerKey, issuer, "bench-agent", "https://bench.tool.internal", "bench.read",
            "AAAAAAAAAAAAAAAAAAAAAA", dpopKey.PublicJwk.Thumbprint, now.ToUnixTimeSeconds(), 300));

        // Note: the verifying keys are imported from public parameters only, as the broker's VerificationKey does.
        using var assertionSigner = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var proofSigner = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _assertionKey = ECDsa.Create(assertionSigner.ExportParameters(includePrivateParameters: false));
        _proofKey = ECDsa.Create(proofSigner.ExportParameters(includePrivateParameters: false));
        _issuerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _assertionSignature = assertionSigner.SignData(_assertionInput, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        _proofSignature = proofSigner.SignData(_proofInput, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>One token's worth: 2 ES256 verifies and 1 ES256 sign. True when both signatures verified.</summary>
    public bool Run()
    {
        bool assertion = _assertionKey.VerifyData(_assertionInput, _assertionSignature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        bool proof = _proofKey.VerifyData(_proofInput, _proofSignature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        bool signed = _issuerKey.TrySignData(_tokenInput, _tokenSignature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out _);
        return assertion & proof & signed;
    }

    /// <summary>
    /// Runs the floor on one thread for <paramref name="duration"/> after a short warm-up and returns the process CPU
    /// time and the wall time per iteration, in microseconds. CPU time is what the load test compares with, because
    /// on a shared machine wall time also counts the time other processes held the core.
    /// </summary>
    public (double CpuMicroseconds, double WallMicroseconds, long Iterations) Measure(TimeSpan duration)
    {
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < TimeSpan.FromMilliseconds(300))
        {
            Check(Run());
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        long iterations = 0;
        while (wall.Elapsed < duration)
        {
            for (int i = 0; i < 64; i++)
            {
                Check(Run());
            }

            iterations += 64;
        }

        wall.Stop();
        process.Refresh();
        TimeSpan cpu = process.TotalProcessorTime - cpuBefore;
        return (cpu.TotalMicroseconds / iterations, wall.Elapsed.TotalMicroseconds / iterations, iterations);
    }

    public void Dispose()
    {
        _assertionKey.Dispose();
        _proofKey.Dispose();
        _issuerKey.Dispose();
    }

    private static void Check(bool ok)
    {
        if (!ok)
        {
            throw new CryptographicException("The crypto floor failed to verify its own signatures.");
        }
    }

    private static byte[] SigningInput(string compactJws) => Encoding.ASCII.GetBytes(compactJws[..compactJws.LastIndexOf('.')]);
}
