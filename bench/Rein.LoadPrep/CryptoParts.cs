using System.Diagnostics;
using System.Security.Cryptography;

namespace Rein.LoadPrep;

/// <summary>
/// The floor's operations one by one, plus one that is on the token path but not in the floor: importing a P-256
/// public key from its coordinates (<c>ECDsa.Create(ECParameters)</c>), which the broker does for the <c>jwk</c> of
/// every DPoP proof. Process CPU time per operation, on one thread.
/// </summary>
internal static class CryptoParts
{
    public static (double Verify, double Sign, double Import) Measure(TimeSpan eachFor)
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ECParameters publicKey = signer.ExportParameters(includePrivateParameters: false);
        using var verifier = ECDsa.Create(publicKey);
        byte[] input = new byte[450];
        RandomNumberGenerator.Fill(input);
        byte[] signature = signer.SignData(input, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        byte[] destination = new byte[64];

        double verify = PerOperation(eachFor, () =>
        {
            if (!verifier.VerifyData(input, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            {
                throw new CryptographicException("verification failed");
            }
        });
        double sign = PerOperation(eachFor, () => signer.TrySignData(input, destination, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out _));
        double import = PerOperation(eachFor, () =>
        {
            using var imported = ECDsa.Create(publicKey);
        });
        return (verify, sign, import);
    }

    private static double PerOperation(TimeSpan duration, Action operation)
    {
        for (int i = 0; i < 100; i++)
        {
            operation();
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        TimeSpan before = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        long count = 0;
        while (wall.Elapsed < duration)
        {
            for (int i = 0; i < 32; i++)
            {
                operation();
            }

            count += 32;
        }

        process.Refresh();
        return (process.TotalProcessorTime - before).TotalMicroseconds / count;
    }
}
