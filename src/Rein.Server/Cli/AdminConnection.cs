using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using Rein.Client;
using Rein.Jose;

namespace Rein.Server.Cli;

/// <summary>
/// How the admin verbs reach a running Rein: as a client under <c>admins:</c>, with its private key, through a
/// DPoP-bound <c>rein:admin</c> token. Flags fall back to <c>REIN_SERVER</c>, <c>REIN_ADMIN_ID</c>, <c>REIN_ADMIN_KEY</c>.
/// </summary>
internal sealed class AdminConnection : IDisposable
{
    private readonly HttpClient _http;
    private readonly ReinClient _client;
    private readonly SigningKey _key;
    private string? _token;

    private AdminConnection(Uri server, string clientId, SigningKey key)
    {
        _key = key;
        _http = new HttpClient();
        _client = new ReinClient(_http, new ReinClientOptions { Issuer = server, ClientId = clientId, ClientKey = key });
        Server = server;
    }

    public Uri Server { get; }

    public static Option<string?> ServerOption() => new("--server") { Description = "Rein's URL (default $REIN_SERVER or http://127.0.0.1:5080)." };

    public static Option<string?> ClientIdOption() => new("--client-id") { Description = "The admin client id (default $REIN_ADMIN_ID)." };

    public static Option<FileInfo?> KeyOption() => new("--key") { Description = "The admin's private JWK file (default $REIN_ADMIN_KEY)." };

    public static void AddTo(Command command)
    {
        command.Options.Add(ServerOption());
        command.Options.Add(ClientIdOption());
        command.Options.Add(KeyOption());
    }

    /// <summary>Opens a connection from the parsed flags; writes what is missing to stderr and returns null.</summary>
    public static AdminConnection? Open(ParseResult parse)
    {
        var server = parse.GetValue<string?>("--server") ?? Environment.GetEnvironmentVariable("REIN_SERVER") ?? "http://127.0.0.1:5080";
        var clientId = parse.GetValue<string?>("--client-id") ?? Environment.GetEnvironmentVariable("REIN_ADMIN_ID");
        var keyPath = parse.GetValue<FileInfo?>("--key")?.FullName ?? Environment.GetEnvironmentVariable("REIN_ADMIN_KEY");
        if (clientId is null || keyPath is null)
        {
            Console.Error.WriteLine("rein: admin commands need --client-id and --key (or REIN_ADMIN_ID and REIN_ADMIN_KEY).");
            return null;
        }
        if (!Uri.TryCreate(server, UriKind.Absolute, out var serverUri))
        {
            Console.Error.WriteLine("rein: --server must be an absolute URL.");
            return null;
        }
        if (!File.Exists(keyPath))
        {
            Console.Error.WriteLine("rein: the admin key file does not exist.");
            return null;
        }
        if (!JsonWebKey.TryParse(File.ReadAllBytes(keyPath), out var jwk, out var error) || !jwk!.HasPrivateKey)
        {
            Console.Error.WriteLine($"rein: the admin key file is not a private JWK ({error ?? "no private key"}).");
            return null;
        }
        var alg = jwk.Algorithm ?? (jwk.KeyType == "RSA" ? JwsAlgorithms.RS256 : jwk.Curve switch { "P-384" => JwsAlgorithms.ES384, "P-521" => JwsAlgorithms.ES512, _ => JwsAlgorithms.ES256 });
        return new AdminConnection(serverUri, clientId, SigningKey.FromPrivateJwk(jwk, alg, jwk.KeyId ?? "admin"));
    }

    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        _token ??= (await _client.RequestTokenAsync(resource: null, ["rein:admin"], cancellationToken).ConfigureAwait(false)).AccessToken;
        using var handler = _client.CreateHandler(_ => ValueTask.FromResult(_token));
        using var http = new HttpClient(handler);
        using var request = new HttpRequestMessage(method, new Uri(Server, path));
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, json);
    }

    public void Dispose()
    {
        _client.Dispose();
        _http.Dispose();
        _key.Dispose();
    }
}
