using Rein.Core.Configuration;

namespace Rein.Core.Tests.Configuration;

/// <summary>Randomly damaged files are reported, never thrown on (a fixed seed keeps the test repeatable).</summary>
public sealed class ConfigFuzzTests
{
    private const string Alphabet = "{}[],:-#&*!|>'\"%@` \n\t?abc0123.~/\\";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Load_DamagedQuickstartSample_NeverThrows(int seed)
    {
        var sample = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "samples", "quickstart", "rein.yaml"));
        var random = new Random(seed);

        for (var i = 0; i < 1000; i++)
        {
            var text = Damage(sample, random);

            var result = ConfigLoader.Parse(text);

            Assert.True(result.Succeeded == (result.Errors.Count == 0), text);
            Assert.All(result.Errors, error => Assert.True(error.Line >= 0 && error.Column >= 0, text));
        }
    }

    private static string Damage(string text, Random random)
    {
        var chars = text.ToList();
        for (var edits = random.Next(1, 6); edits > 0; edits--)
        {
            var position = random.Next(chars.Count);
            switch (random.Next(3))
            {
                case 0:
                    chars[position] = Alphabet[random.Next(Alphabet.Length)];
                    break;
                case 1:
                    chars.Insert(position, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                default:
                    chars.RemoveAt(position);
                    break;
            }
        }

        return new string([.. chars]);
    }
}
