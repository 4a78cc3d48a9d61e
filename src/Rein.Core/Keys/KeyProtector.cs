using System.Security.Cryptography;
using System.Text;

namespace Rein.Core.Keys;

/// <summary>AES-256-GCM envelope for private keys at rest; the key id is bound as associated data.</summary>
public sealed class KeyProtector(MasterKey masterKey)
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public byte[] Protect(ReadOnlySpan<byte> plaintext, string keyId)
    {
        var output = new byte[1 + NonceSize + TagSize + plaintext.Length];
        output[0] = FormatVersion;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(masterKey.Key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(1 + NonceSize + TagSize), output.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(keyId));
        return output;
    }

    /// <summary>Decrypts; throws <see cref="CryptographicException"/> when the master key is wrong or the data was altered.</summary>
    public byte[] Unprotect(ReadOnlySpan<byte> protectedData, string keyId)
    {
        if (protectedData.Length < 1 + NonceSize + TagSize || protectedData[0] != FormatVersion)
        {
            throw new CryptographicException("Protected key material has an unknown format.");
        }
        var plaintext = new byte[protectedData.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(masterKey.Key, TagSize);
        aes.Decrypt(protectedData.Slice(1, NonceSize), protectedData[(1 + NonceSize + TagSize)..],
            protectedData.Slice(1 + NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(keyId));
        return plaintext;
    }
}
