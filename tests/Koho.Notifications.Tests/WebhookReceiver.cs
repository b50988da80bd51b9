using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Koho.Notifications.Tests;

/// <summary>A chat tool's incoming-webhook endpoint on 127.0.0.1 (Kestrel): records each request, answers from a script.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Received(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body);

    public sealed record Answer(int Status, string Body = "ok", IReadOnlyDictionary<string, string>? Headers = null, TimeSpan Delay = default);

    private readonly ConcurrentQueue<Answer> _script = new();
    private readonly ConcurrentQueue<Received> _received = new();
    private WebApplication _app = null!;

    public Uri Root { get; private set; } = null!;

    public IReadOnlyList<Received> Requests => [.. _received];

    /// <summary>Answers the next request with this; without a script every request gets 200 "ok" (as Slack says).</summary>
    public void Then(Answer answer) => _script.Enqueue(answer);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(receiver.HandleAsync);
        await app.StartAsync(TestSupport.Ct);
        receiver._app = app;
        receiver.Root = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return receiver;
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        var body = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(body, ctx.RequestAborted);
        _received.Enqueue(new Received(ctx.Request.Method, ctx.Request.Path + ctx.Request.QueryString,
            ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray()));
        var answer = _script.TryDequeue(out var a) ? a : new Answer(200);
        if (answer.Delay > TimeSpan.Zero)
        {
            try { await Task.Delay(answer.Delay, ctx.RequestAborted); }
            catch (OperationCanceledException) { return; }
        }
        ctx.Response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>()) ctx.Response.Headers[name] = value;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        await ctx.Response.WriteAsync(answer.Body, ctx.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
