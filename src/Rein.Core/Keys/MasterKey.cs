using System.Security.Cryptography;

namespace Rein.Core.Keys;

/// <summary>
/// The key-encryption key that protects signing keys at rest. Taken from <c>REIN_MASTER_KEY</c> (base64, 32 bytes)
/// when set — the production choice, from a secret store — otherwise from <c>master.key</c> in the data directory,
/// created on first start with owner-only permissions.
/// </summary>
public sealed class MasterKey : IDisposable
{
    public const string EnvironmentVariable = "REIN_MASTER_KEY";
    private const int KeySize = 32;
    private readonly byte[] _key;

    private MasterKey(byte[] key, string source)
    {
        _key = key;
        Source = source;
    }

    /// <summary>Where the key came from, for start-up logs (never the key).</summary>
    public string Source { get; }

    internal ReadOnlySpan<byte> Key => _key;

    /// <summary>Derives an independent 32-byte key for one purpose (HKDF-SHA256), e.g. DPoP nonces shared by all instances.</summary>
    public byte[] DeriveKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, KeySize, salt: [], info: System.Text.Encoding.UTF8.GetBytes("rein/" + purpose));

    public static MasterKey FromBytes(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize) throw new ArgumentException("The master key must be 32 bytes.", nameof(key));
        return new MasterKey(key.ToArray(), "given");
    }

    public static MasterKey Load(string dataDirectory)
    {
        var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnv))
        {
            byte[] key;
            try
            {
                key = Convert.FromBase64String(fromEnv.Trim());
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"{EnvironmentVariable} must be base64 of 32 random bytes.");
            }
            if (key.Length != KeySize) throw new InvalidOperationException($"{EnvironmentVariable} must be base64 of 32 random bytes.");
            return new MasterKey(key, EnvironmentVariable);
        }

        var path = Path.Combine(dataDirectory, "master.key");
        if (File.Exists(path))
        {
            var key = File.ReadAllBytes(path);
            if (key.Length != KeySize) throw new InvalidOperationException("master.key in the data directory is damaged (expected 32 bytes).");
            return new MasterKey(key, "master.key");
        }

        var created = RandomNumberGenerator.GetBytes(KeySize);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(path, options))
        {
            stream.Write(created);
        }
        return new MasterKey(created, "master.key (created)");
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);
}
