using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Koho.FakePlatforms.Validation;

namespace Koho.FakePlatforms.Platforms;

/// <summary>
/// LINE Messaging API broadcast. The body is validated against the BroadcastRequest schema of
/// line-messaging-api.yml (and the X-Line-Retry-Key header against its uuid format), plus limits the LINE
/// documentation states but the schema does not (text at most 5,000 characters, image URLs https and at most 2,000
/// characters). A retry key accepted within 24 hours answers 409 with x-line-accepted-request-id. LINE sends no
/// rate-limit headers, so neither does this fake.
/// </summary>
internal sealed class LineFake(FakePlatformServer server) : PlatformHandler(server)
{
    private const string BroadcastPath = "/v2/bot/message/broadcast";

    private readonly OpenApiDocument _spec = SpecCache.Get(SpecFiles.File(server.SpecsDirectory, "line-messaging-api.yml"), OpenApiDocument.LoadYaml);
    private readonly ConcurrentDictionary<string, (string RequestId, DateTimeOffset At)> _acceptedKeys = new(StringComparer.OrdinalIgnoreCase);

    public override string AccountId => Options.AccountId ?? "2000000001";

    public override IReadOnlyDictionary<string, string> Secrets() => new Dictionary<string, string> { ["channelAccessToken"] = Options.Token };

    public override string Operation(FakeRequest r) => r.Method + " " + r.Path;

    public override bool IsPublish(string operation) => operation == "POST " + BroadcastPath;

    public override Task<FakeResponse> HandleAsync(FakeRequest r, string operation)
    {
        var requestId = Guid.NewGuid().ToString("D");
        return Task.FromResult(Handle(r, operation, requestId).With("x-line-request-id", requestId));
    }

    private FakeResponse Handle(FakeRequest r, string operation, string requestId)
    {
        if (operation != "POST " + BroadcastPath) return Message(404, "Not found");
        if (r.Bearer != Options.Token)
            return Message(401, "Authentication failed. Confirm that the access token in the authorization header is valid.");
        if (!r.IsJson) return Message(415, "Unsupported Media Type: the request body must be application/json");

        string? retryKey = r.Headers["X-Line-Retry-Key"].ToString();
        if (retryKey.Length == 0) retryKey = null;
        if (retryKey is not null)
        {
            var headerErrors = _spec.Validate(_spec.HeaderSchema(BroadcastPath, "post", "X-Line-Retry-Key")!, JsonValue.Create(retryKey));
            if (headerErrors.Count > 0) return Message(400, "The retry key must be a UUID (X-Line-Retry-Key: " + headerErrors[0].Message + ")");
            if (_acceptedKeys.TryGetValue(retryKey, out var accepted) && Now - accepted.At < TimeSpan.FromHours(24))
                return Message(409, "The retry key is already accepted").With("x-line-accepted-request-id", accepted.RequestId);
        }

        JsonNode? body;
        try { body = JsonNode.Parse(r.Body); }
        catch (JsonException) { return Message(400, "The request body could not be parsed as JSON"); }

        var errors = _spec.Validate(_spec.RequestSchema(BroadcastPath, "post"), body);
        errors.AddRange(DocumentedLimits(body));
        if (errors.Count > 0)
        {
            return FakeResponse.Json(400, new JsonObject
            {
                ["message"] = $"The request body has {errors.Count} error(s)",
                ["details"] = new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject { ["message"] = e.Message, ["property"] = e.Property })]),
            });
        }

        var messages = body!["messages"]!.AsArray();
        var text = string.Join("\n", messages.Where(m => (string?)m!["type"] == "text").Select(m => (string?)m!["text"]));
        if (retryKey is not null) _acceptedKeys[retryKey] = (requestId, Now);
        Server.Posts.Add(new FakePost(requestId, text, retryKey, Now, false, new JsonObject { ["messages"] = messages.DeepClone() }));
        return FakeResponse.Json(200, new JsonObject());
    }

    /// <summary>Limits from LINE's documentation that the OpenAPI schema leaves out.</summary>
    private static IEnumerable<SchemaError> DocumentedLimits(JsonNode? body)
    {
        if (body?["messages"] is not JsonArray messages) yield break;
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i] is not JsonObject m) continue;
            if ((string?)m["type"] == "text" && m["text"] is JsonValue t && t.TryGetValue<string>(out var text))
            {
                if (text.Length > 5000) yield return new SchemaError($"messages[{i}].text", "Length must be between 0 and 5000");
                if (text.Length == 0) yield return new SchemaError($"messages[{i}].text", "may not be empty");
            }
            foreach (var urlProperty in new[] { "originalContentUrl", "previewImageUrl" })
            {
                if (m[urlProperty] is JsonValue u && u.TryGetValue<string>(out var url)
                    && (!url.StartsWith("https://", StringComparison.Ordinal) || url.Length > 2000))
                    yield return new SchemaError($"messages[{i}].{urlProperty}", "must be an https URL of at most 2000 characters");
            }
        }
    }

    private static FakeResponse Message(int status, string message) => FakeResponse.Json(status, new JsonObject { ["message"] = message });

    public override FakeResponse RateLimited(RateLimitWindow.State state) =>
        Message(429, "The API rate limit has been exceeded. Try again later.").With("x-line-request-id", Guid.NewGuid().ToString("D"));

    public override FakeResponse ServerError() =>
        Message(500, "An error occurred on the server.").With("x-line-request-id", Guid.NewGuid().ToString("D"));

    public override void Reset() => _acceptedKeys.Clear();
}
