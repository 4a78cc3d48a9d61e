using System.Buffers.Text;
using System.Collections.Concurrent;

namespace Rein.Jose.Tests;

public sealed class JwtIdsTests
{
    [Fact]
    public void New_Is128BitsOfBase64Url()
    {
        string id = JwtIds.New();

        Assert.Equal(22, id.Length);
        Assert.Equal(JwtIds.Length, id.Length);
        Assert.True(Base64Url.IsValid(id, out int decoded));
        Assert.Equal(16, decoded);
        Assert.DoesNotContain('=', id);
    }

    [Fact]
    public void New_NeverRepeats_AcrossBlockRefillsAndThreads()
    {
        // Note: far more ids per thread than one block holds, so every thread refills its block several times.
        const int Threads = 8;
        const int PerThread = 5_000;
        var seen = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);

        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, _ =>
        {
            for (int i = 0; i < PerThread; i++)
            {
                Assert.True(seen.TryAdd(JwtIds.New(), 0));
            }
        });

        Assert.Equal(Threads * PerThread, seen.Count);
    }

    [Fact]
    public void New_IsNeverAllZero()
    {
        // A wiped slot handed out by mistake would read as 16 zero bytes.
        for (int i = 0; i < 1_000; i++)
        {
            Assert.NotEqual("AAAAAAAAAAAAAAAAAAAAAA", JwtIds.New());
        }
    }
}
