using System.Text.Json;
using Rein.Core.Delegation;

namespace Rein.Core.Tests.Delegation;

public sealed class UserGroupsTests
{
    [Theory]
    [InlineData("""["sre","on-call","sre"]""", new[] { "sre", "on-call" })]
    [InlineData("""[]""", new string[0])]
    public void Read_AnArrayOfStrings_InOrder_ARepeatKeptOnce(string json, string[] expected)
    {
        using var document = JsonDocument.Parse(json);

        var groups = UserGroups.Read(document.RootElement, out var error);

        Assert.Null(error);
        Assert.Equal(expected, groups);
    }

    [Theory]
    [InlineData("""["\ud800"]""", "has a group that is not valid text")]
    [InlineData("""["a\u007f"]""", "has a group with a control character")]
    [InlineData("""["a",true]""", "must be an array of strings")]
    [InlineData("""null""", "must be an array of strings")]
    public void Read_AnythingElse_IsRefusedWithoutQuotingIt(string json, string expected)
    {
        using var document = JsonDocument.Parse(json);

        var groups = UserGroups.Read(document.RootElement, out var error);

        Assert.Null(groups);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Read_AtTheBounds_64GroupsOf255Characters_AreAccepted()
    {
        var json = JsonSerializer.Serialize(Enumerable.Range(0, 64).Select(i => i.ToString("D3") + new string('g', 252)));
        using var document = JsonDocument.Parse(json);

        var groups = UserGroups.Read(document.RootElement, out var error);

        Assert.Null(error);
        Assert.Equal(64, groups!.Count);
        Assert.All(groups, g => Assert.Equal(255, g.Length));
    }
}
