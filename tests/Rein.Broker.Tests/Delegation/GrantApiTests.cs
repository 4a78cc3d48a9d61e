using System.Globalization;
using System.Net;
using System.Text.Json;
using Rein.Broker.Tests.Infrastructure;

namespace Rein.Broker.Tests.Delegation;

/// <summary>
/// <c>/admin/v1/grants</c>: grants declared in rein.yaml and created at run time, listed with their status; creation
/// held to rein.yaml's rules (every error with its path); a created grant is usable at once.
/// </summary>
public sealed class GrantApiTests(DelegationBroker broker) : IClassFixture<DelegationBroker>
{
    private BrokerHost Host => broker.Host;

    private static string Timestamp(DateTimeOffset instant) => instant.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Grants_List_ShowsDeclaredGrantsWithStatus()
    {
        using var admin = await Host.AdminAsync();

        var all = (await admin.GetAsync("/admin/v1/grants")).Json.EnumerateArray().ToList();
        var expired = (await admin.GetAsync("/admin/v1/grants?agent=expired-bot")).Json.EnumerateArray().Single();
        var future = (await admin.GetAsync("/admin/v1/grants/g-future-bot")).Json;
        var one = (await admin.GetAsync("/admin/v1/grants/g-narrow-bot")).Json;

        Assert.Contains(all, g => g.GetProperty("id").GetString() == "g-assistant");
        Assert.Equal("expired", expired.GetProperty("status").GetString());
        Assert.Equal("not_yet_valid", future.GetProperty("status").GetString());
        Assert.Equal("active", one.GetProperty("status").GetString());
        Assert.Equal("config", one.GetProperty("source").GetString());
        Assert.Equal("none", one.GetProperty("approval").GetString());
        Assert.Equal("""{"issuer":"https://idp.example.com","subject":"alice"}""", one.GetProperty("user").GetRawText());
        Assert.Equal("""{"tickets":["tickets.read"]}""", one.GetProperty("tools").GetRawText());
        Assert.Equal([DelegationScenario.Alice], one.GetProperty("approvers").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Grants_Create_IsUsableAtOnceAndAudited()
    {
        using var admin = await Host.AdminAsync();
        using var dpop = TestKeys.Fresh();
        var body = JsonSerializer.Serialize(new
        {
            user = new { issuer = DelegationScenario.IdpIssuer, subject = "dave" },
            agent = "fourth",
            tools = new Dictionary<string, string[]> { ["tickets"] = ["tickets.read", "tickets.write"] },
            until = Timestamp(DateTimeOffset.UtcNow.AddHours(2)),
        });

        var created = await admin.PostJsonAsync("/admin/v1/grants", body);
        var id = created.Json.GetProperty("id").GetString()!;
        var token = await Exchange.TokenAsync(Host, "fourth", Exchange.UserToken(Host, "dave"), dpop, scope: "tickets.write");
        var listed = (await admin.GetAsync("/admin/v1/grants?user=" + Uri.EscapeDataString(DelegationScenario.IdpIssuer + "|dave"))).Json;

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal($"/admin/v1/grants/{id}", created.Header("Location"));
        Assert.Matches("^g-[0-9a-f]{20}$", id);
        Assert.Equal("api", created.Json.GetProperty("source").GetString());
        Assert.Equal("active", created.Json.GetProperty("status").GetString());
        Assert.Equal(Scenario.AdminId, created.Json.GetProperty("created_by").GetString());
        Assert.Equal(id, Exchange.Claim(token, "grant_id"));
        Assert.Equal(id, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Grants_CreateInvalid_ReportsEveryErrorWithItsPath()
    {
        using var admin = await Host.AdminAsync();
        var body = JsonSerializer.Serialize(new
        {
            id = "Bad Id",
            user = new { issuer = DelegationScenario.K8sIssuer, subject = "" },
            agent = "nobody",
            tools = new Dictionary<string, string[]> { ["tickets"] = ["tickets.nuke"], ["ghost"] = ["ghost.read"] },
            approval = "sometimes",
            until = "2030-01-01",
        });

        var response = await admin.PostJsonAsync("/admin/v1/grants", body);
        var valid = await admin.PostJsonAsync("/admin/v1/grants", JsonSerializer.Serialize(new
        {
            id = "g-past",
            user = new { issuer = DelegationScenario.IdpIssuer, subject = DelegationScenario.Alice },
            agent = "fourth",
            tools = new Dictionary<string, string[]> { ["tickets"] = ["tickets.nuke"] },
            until = Timestamp(DateTimeOffset.UtcNow.AddHours(-1)),
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal(
            ["until: expected an RFC 3339 timestamp with an offset such as 2026-06-30T18:00:00Z", "approval: expected 'required' or 'none'"],
            response.Json.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, valid.Status);
        Assert.Equal(
            ["tools.tickets[0]: unknown action 'tickets.nuke'", "until: must be in the future"],
            valid.Json.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Grants_CreateAgainstTheRegistry_ReportsUnknownAgentToolAndIssuer()
    {
        using var admin = await Host.AdminAsync();
        var body = JsonSerializer.Serialize(new
        {
            id = "Bad Id",
            user = new { issuer = DelegationScenario.K8sIssuer, subject = "" },
            agent = "nobody",
            tools = new Dictionary<string, string[]> { ["ghost"] = ["ghost.read"] },
            until = Timestamp(DateTimeOffset.UtcNow.AddHours(1)),
        });

        var response = await admin.PostJsonAsync("/admin/v1/grants", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        var errors = response.Json.GetProperty("errors").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("id: invalid grant id 'Bad Id': use lower-case letters, digits, '-', '_' and '.', starting with a letter or digit, at most 64 characters", errors);
        Assert.Contains("user.issuer: issuer 'https://kubernetes.default.svc' is trusted for workload credentials; a grant's user comes from a trust entry with kind: user", errors);
        Assert.Contains("user.subject: 'subject' is required", errors);
        Assert.Contains("agent: unknown agent 'nobody'", errors);
        Assert.Contains("tools.ghost: unknown tool 'ghost'", errors);
    }

    [Fact]
    public async Task Grants_CreateForAnActionTheAgentIsNotBoundTo_IsRefused()
    {
        using var admin = await Host.AdminAsync();
        var body = JsonSerializer.Serialize(new
        {
            id = "g-unbound",
            user = new { issuer = DelegationScenario.IdpIssuer, subject = DelegationScenario.Alice },
            agent = "narrow-bot",
            tools = new Dictionary<string, string[]> { ["tickets"] = ["tickets.delete"] },
            until = Timestamp(DateTimeOffset.UtcNow.AddHours(1)),
        });

        var response = await admin.PostJsonAsync("/admin/v1/grants", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(["tools.tickets[0]: agent 'narrow-bot' is not bound to action 'tickets.delete'; add it to the agent's tools first"],
            response.Json.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Grants_DuplicateIdIsConflict_UnknownIdIsNotFound()
    {
        using var admin = await Host.AdminAsync();
        var body = JsonSerializer.Serialize(new
        {
            id = "g-assistant",
            user = new { issuer = DelegationScenario.IdpIssuer, subject = DelegationScenario.Alice },
            agent = "assistant",
            tools = new Dictionary<string, string[]> { ["tickets"] = ["tickets.read"] },
            until = Timestamp(DateTimeOffset.UtcNow.AddHours(1)),
        });

        var duplicate = await admin.PostJsonAsync("/admin/v1/grants", body);
        var missing = await admin.GetAsync("/admin/v1/grants/g-nope");
        var revokeMissing = await admin.PostJsonAsync("/admin/v1/grants/g-nope/revoke", "{}");

        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal(HttpStatusCode.NotFound, revokeMissing.Status);
    }
}
