using System.Text;

namespace Rein.Jose.Tests;

public sealed class ConcurrencyTests
{
    [Theory]
    [InlineData(JwsAlgorithms.ES256)]
    [InlineData(JwsAlgorithms.PS256)]
    public void SignAndVerify_SharedKeysAcrossThreads_AllSucceed(string alg)
    {
        SigningKey key = TestKeys.For(alg);
        VerificationKey verifier = key.PublicJwk.ToVerificationKey();
        int failures = 0;

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            byte[] input = Encoding.ASCII.GetBytes("input-" + i);
            byte[] signature = new byte[key.SignatureSize];
            key.Sign(input, signature);
            bool good = verifier.Verify(alg, input, signature);
            input[0] ^= 1;
            bool tampered = verifier.Verify(alg, input, signature);
            if (!good || tampered)
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }
}
