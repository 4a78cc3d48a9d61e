using System.CommandLine;
using System.Text.Json;

namespace Rein.Server.Cli;

/// <summary><c>rein agent list|show|kill|enable</c>: the admin API from the command line.</summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var agent = new Command("agent", "List agents, show one, kill (quarantine) or re-enable it.")
        {
            Simple("list", "List every agent with its owner and status.", null, HttpMethod.Get, _ => "/admin/v1/agents"),
            Simple("show", "Show one agent.", "id", HttpMethod.Get, id => $"/admin/v1/agents/{Uri.EscapeDataString(id!)}"),
            Simple("kill", "Quarantine an agent: no new tokens, every token it holds refused at once.", "id", HttpMethod.Post,
                id => $"/admin/v1/agents/{Uri.EscapeDataString(id!)}/kill", withReason: true),
            Simple("enable", "Lift a suspension or quarantine; tokens issued before stay dead.", "id", HttpMethod.Post,
                id => $"/admin/v1/agents/{Uri.EscapeDataString(id!)}/enable", withReason: true),
        };
        return agent;
    }

    private static Command Simple(string name, string description, string? argument, HttpMethod method, Func<string?, string> path, bool withReason = false)
    {
        var command = new Command(name, description);
        Argument<string>? arg = null;
        if (argument is not null)
        {
            arg = new Argument<string>(argument) { Description = "The agent id." };
            command.Arguments.Add(arg);
        }
        var reason = new Option<string?>("--reason") { Description = "Why; recorded in the audit trail." };
        if (withReason) command.Options.Add(reason);
        AdminConnection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var connection = AdminConnection.Open(parse);
            if (connection is null) return 2;
            var id = arg is null ? null : parse.GetValue(arg);
            object? body = withReason ? new { reason = parse.GetValue(reason) } : null;
            return await Print(connection.SendAsync(method, path(id), body, cancellationToken)).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Prints a JSON answer; a problem answer goes to stderr with a non-zero exit.</summary>
    internal static async Task<int> Print(Task<(int Status, JsonElement Body)> call)
    {
        try
        {
            var (status, body) = await call.ConfigureAwait(false);
            var text = body.ValueKind == JsonValueKind.Undefined ? string.Empty : JsonSerializer.Serialize(body, Indented);
            if (status is >= 200 and < 300)
            {
                Console.WriteLine(text);
                return 0;
            }
            Console.Error.WriteLine($"rein: the server answered {status}");
            Console.Error.WriteLine(text);
            return 1;
        }
        catch (Client.ReinClientException ex)
        {
            Console.Error.WriteLine($"rein: could not get an admin token: {ex.Error} ({ex.Description})");
            return 1;
        }
        catch (HttpRequestException ex)
        {
            Console.Error.WriteLine($"rein: could not reach the server: {ex.Message}");
            return 1;
        }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
