using System.Text.Json;
using Rein.Broker.Tests.Infrastructure;
using Rein.Client;

namespace Rein.Broker.Tests.Delegation;

/// <summary>
/// The agent SDK's token exchange (<see cref="ReinClient.ExchangeTokenAsync"/>), and waiting out a human approval on
/// the client's clock (<see cref="ReinClient.ExchangeTokenWithApprovalAsync"/>).
/// </summary>
public sealed class SdkExchangeTests(DelegationClockBroker broker) : IClassFixture<DelegationClockBroker>
{
    private BrokerHost Host => broker.Host;

    private TokenExchangeRequest Delete(string? approvalId = null) => new()
    {
        SubjectToken = Exchange.UserToken(Host),
        Resource = Scenario.TicketsAudience,
        Scopes = ["tickets.delete"],
        AuthorizationDetails = """[{"type":"tickets.delete","identifier":"T-7"}]""",
        ApprovalId = approvalId,
    };

    private async Task DecideAsync(string id, string verb)
    {
        using var admin = await Host.AdminAsync();
        var response = await admin.PostJsonAsync($"/admin/v1/approvals/{id}/{verb}", JsonSerializer.Serialize(new { approver = DelegationScenario.Alice }));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.Status);
    }

    /// <summary>Moves the fake clock an approval poll interval at a time until <paramref name="task"/> ends (bounded).</summary>
    private async Task<T> PollAsync<T>(Task<T> task)
    {
        for (var i = 0; i < 200 && !task.IsCompleted; i++)
        {
            Host.FakeTime!.Advance(TimeSpan.FromSeconds(5));
            await Task.WhenAny(task, Task.Delay(10)); // a poll interval, not a timing assumption
        }
        return await task;
    }

    [Fact]
    public async Task ExchangeTokenAsync_IssuesTheDelegatedToken()
    {
        using var client = Host.Client("assistant");

        var token = await client.ExchangeTokenAsync(new TokenExchangeRequest
        {
            SubjectToken = Exchange.UserToken(Host),
            Audience = "tickets",
            Scopes = ["tickets.read"],
        });

        Assert.Equal(TokenTypeIdentifiers.AccessToken, token.IssuedTokenType);
        Assert.Equal("DPoP", token.TokenType);
        Assert.Equal("tickets.read", token.Scope);
        Assert.Equal("""{"sub":"assistant"}""", Exchange.Raw(token.AccessToken, "act"));
    }

    [Fact]
    public async Task ExchangeTokenAsync_ActionNeedingApproval_ThrowsApprovalPending()
    {
        using var client = Host.Client("reuse-bot");

        var pending = await Assert.ThrowsAsync<ApprovalPendingException>(() => client.ExchangeTokenAsync(Delete()));

        Assert.Equal("authorization_pending", pending.Error);
        Assert.Matches("^ap-[0-9a-f]{24}$", pending.ApprovalId);
        Assert.Equal(TimeSpan.FromSeconds(5), pending.Interval);
        Assert.Equal(TimeSpan.FromMinutes(10), pending.ExpiresIn);
    }

    [Fact]
    public async Task ExchangeTokenWithApprovalAsync_WaitsForTheApprovalThenGetsTheToken()
    {
        using var client = Host.Client("approve-bot");
        var announced = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        var exchange = client.ExchangeTokenWithApprovalAsync(Delete(), id => announced.TrySetResult(id));
        var id = await announced.Task;
        await DecideAsync(id, "approve");
        var token = await PollAsync(exchange);

        Assert.Equal("tickets.delete", token.Scope);
        Assert.Equal("""[{"type":"tickets.delete","identifier":"T-7"}]""", token.AuthorizationDetails);
        Assert.Equal(id, Exchange.Claim(token.AccessToken, "approval_id"));
        Assert.InRange(token.ExpiresIn, 1, 120);
    }

    [Fact]
    public async Task ExchangeTokenWithApprovalAsync_Denied_Throws()
    {
        using var client = Host.Client("deny-bot");
        var announced = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        var exchange = client.ExchangeTokenWithApprovalAsync(Delete(), id => announced.TrySetResult(id));
        await DecideAsync(await announced.Task, "deny");
        var denied = await Assert.ThrowsAsync<ReinClientException>(() => PollAsync(exchange));

        Assert.Equal("access_denied", denied.Error);
    }
}
