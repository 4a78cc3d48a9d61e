using System.Globalization;
using System.Text.Json;
using Rein.Client;

namespace Rein.Server.Tests;

/// <summary><c>rein grant list|create|revoke</c>, <c>rein approval list|show|approve|deny</c> and <c>rein revoke --grant</c> against a running Rein.</summary>
public sealed class DelegationCliTests : IAsyncLifetime
{
    private DelegationHost _host = null!;

    public async Task InitializeAsync() => _host = await DelegationHost.StartAsync(grants: [DelegationHost.Grant("g-approvals", "tickets.read", "tickets.delete")]);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task Grant_CreateListRevoke_FromTheCommandLine()
    {
        var until = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

        var created = _host.Cli("grant", "create", "--id", "g-cli", "--user", DelegationHost.IdpIssuer + "|alice", "--agent", "assistant",
            "--tool", "tickets=tickets.read,tickets.write", "--until", until, "--approver", "alice", "--approver", "secops");
        using var http = new HttpClient();
        using var agent = _host.Agent(http);
        var token = await agent.ExchangeTokenAsync(_host.Exchange("tickets.write"));
        var listed = _host.Cli("grant", "list", "--agent", "assistant");
        var revoked = _host.Cli("grant", "revoke", "g-cli", "--reason", "task done");
        var malformed = _host.Cli("grant", "create", "--user", "alice", "--agent", "assistant", "--tool", "tickets", "--until", until);
        var invalid = _host.Cli("grant", "create", "--user", DelegationHost.IdpIssuer + "|alice", "--agent", "nobody", "--tool", "tickets=tickets.read", "--until", until);

        Assert.True(created.Exit == 0, created.Stderr);
        var grant = Json(created.Stdout);
        Assert.Equal("g-cli", grant.GetProperty("id").GetString());
        Assert.Equal(["alice", "secops"], grant.GetProperty("approvers").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("tickets.write", token.Scope);
        Assert.Equal(0, listed.Exit);
        Assert.Contains(Json(listed.Stdout).EnumerateArray(), g => g.GetProperty("id").GetString() == "g-cli");
        Assert.True(revoked.Exit == 0, revoked.Stderr);
        Assert.Equal("revoked", Json(revoked.Stdout).GetProperty("status").GetString());
        Assert.Equal(2, malformed.Exit);
        Assert.Equal(1, invalid.Exit);
        Assert.Contains("agent: unknown agent 'nobody'", invalid.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approval_ListShowApprove_FromTheCommandLine()
    {
        using var http = new HttpClient();
        using var agent = _host.Agent(http);
        var pending = await Assert.ThrowsAsync<ApprovalPendingException>(() => agent.ExchangeTokenAsync(_host.Exchange("tickets.delete")));

        var listed = _host.Cli("approval", "list", "--status", "pending");
        var shown = _host.Cli("approval", "show", pending.ApprovalId);
        var notApprover = _host.Cli("approval", "approve", pending.ApprovalId);
        var approved = _host.Cli("approval", "approve", pending.ApprovalId, "--approver", "alice", "--reason", "looks right");
        var token = await agent.ExchangeTokenAsync(_host.Exchange("tickets.delete") with { ApprovalId = pending.ApprovalId });
        var late = _host.Cli("approval", "deny", pending.ApprovalId, "--approver", "alice");

        Assert.Contains(Json(listed.Stdout).EnumerateArray(), a => a.GetProperty("id").GetString() == pending.ApprovalId);
        Assert.Equal("tickets.delete", Json(shown.Stdout).GetProperty("action").GetString());
        Assert.Equal(1, notApprover.Exit);
        Assert.True(approved.Exit == 0, approved.Stderr);
        Assert.Equal("approved", Json(approved.Stdout).GetProperty("status").GetString());
        Assert.Equal("tickets.delete", token.Scope);
        Assert.Equal(1, late.Exit);
    }

    [Fact]
    public async Task Revoke_Grant_KillsItsTokens()
    {
        using var http = new HttpClient();
        using var agent = _host.Agent(http);
        var token = await agent.ExchangeTokenAsync(_host.Exchange("tickets.read"));
        using var calls = new HttpClient(agent.CreateHandler(_ => ValueTask.FromResult(token.AccessToken)));
        var url = new Uri(_host.Rein.Issuer + "/tools/tickets/tickets/1");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await calls.GetAsync(url)).StatusCode);

        var revoked = _host.Cli("revoke", "--grant", "g-approvals", "--reason", "cli test");

        Assert.True(revoked.Exit == 0, revoked.Stderr);
        Assert.Equal("grant:g-approvals", Json(revoked.Stdout).GetProperty("subject").GetString());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await calls.GetAsync(url)).StatusCode);
    }
}
