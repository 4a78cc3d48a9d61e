using System.Text;
using Rein.Core.Configuration;

namespace Rein.Core.Tests.Configuration;

/// <summary>Reading from disk: size limit before parsing, encoding, missing files.</summary>
public sealed class ConfigFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rein-config-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void LoadFile_ValidFile_Loads()
    {
        var path = Write("rein.yaml", "issuer: https://rein.example.com\n");

        var result = ConfigLoader.LoadFile(path);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("https://rein.example.com", result.Config!.Issuer);
    }

    [Fact]
    public void LoadFile_ErrorsNameTheFileAsGiven()
    {
        var path = Write("rein.yaml", "isuer: https://rein.example.com\n");

        var error = Assert.Single(ConfigLoader.LoadFile(path).Errors);

        Assert.Equal(path, error.Source);
        Assert.Equal($"{path}:1:1 isuer: unknown key 'isuer' (did you mean 'issuer'?)", error.ToString());
    }

    [Fact]
    public void LoadFile_OverSizeLimit_IsRefusedBeforeParsing()
    {
        // Note: not valid YAML either; the size error must be the only one, proving nothing was parsed.
        var path = Path.Combine(_directory, "big.yaml");
        File.WriteAllBytes(path, Enumerable.Repeat((byte)'[', ConfigLoader.MaxFileBytes + 1).ToArray());

        var result = ConfigLoader.LoadFile(path);

        var error = Assert.Single(result.Errors);
        Assert.Null(result.Config);
        Assert.Equal("the file is 4194305 bytes; the limit is 4194304 bytes (4 MiB)", error.Message);
        Assert.Equal(("", 0, 0), (error.Path, error.Line, error.Column));
        Assert.Equal($"{path}: the file is 4194305 bytes; the limit is 4194304 bytes (4 MiB)", error.ToString());
    }

    [Fact]
    public void LoadFile_AtSizeLimit_Loads()
    {
        var text = new StringBuilder("issuer: https://rein.example.com\n");
        text.Append('#', ConfigLoader.MaxFileBytes - text.Length - 1).Append('\n');
        var path = Write("rein.yaml", text.ToString());

        var result = ConfigLoader.LoadFile(path);

        Assert.Equal(ConfigLoader.MaxFileBytes, new FileInfo(path).Length);
        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public void Parse_OverSizeLimit_IsRefusedBeforeParsing()
    {
        var yaml = new string('[', ConfigLoader.MaxFileBytes + 1);

        var error = Assert.Single(ConfigLoader.Parse(yaml).Errors);

        Assert.Equal("rein.yaml: the file is 4194305 bytes; the limit is 4194304 bytes (4 MiB)", error.ToString());
    }

    [Fact]
    public void Parse_SizeLimit_CountsUtf8Bytes()
    {
        // Two UTF-8 bytes per 'é': half the limit in characters is the whole limit in bytes.
        var yaml = "# " + new string('é', ConfigLoader.MaxFileBytes / 2) + "\n";

        var error = Assert.Single(ConfigLoader.Parse(yaml).Errors);

        Assert.StartsWith("the file is 4194307 bytes;", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_Missing_IsAnError()
    {
        var path = Path.Combine(_directory, "missing.yaml");

        var error = Assert.Single(ConfigLoader.LoadFile(path).Errors);

        Assert.Equal($"{path}: the file does not exist", error.ToString());
    }

    [Fact]
    public void LoadFile_InvalidUtf8_IsAnError()
    {
        var path = Path.Combine(_directory, "latin1.yaml");
        File.WriteAllBytes(path, [.. "owner: "u8, 0xE9, (byte)'\n']);

        var error = Assert.Single(ConfigLoader.LoadFile(path).Errors);

        Assert.Equal("the file is not valid UTF-8", error.Message);
    }

    [Fact]
    public void LoadFile_Utf8ByteOrderMark_IsAccepted()
    {
        var path = Path.Combine(_directory, "bom.yaml");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "issuer: https://rein.example.com\n"u8]);

        var result = ConfigLoader.LoadFile(path);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("https://rein.example.com", result.Config!.Issuer);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }
}
