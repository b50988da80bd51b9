using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Koho.Web.Tests.Testing;

namespace Koho.Web.Tests.Posts.ExactlyOnce;

/// <summary>
/// Koho running as its own process (the built Koho.Web.dll, Production settings) on a loopback port — so that a test
/// can kill it with SIGKILL mid-publish, or run two nodes against one database.
/// </summary>
public sealed class KohoProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _tail = [];

    public string Node { get; }
    public Uri Url { get; }

    private KohoProcess(Process process, string node, Uri url)
    {
        _process = process;
        Node = node;
        Url = url;
    }

    public static string Dll
    {
        get
        {
            var dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "Koho.sln"))) dir = Path.GetDirectoryName(dir);
            var path = Path.Combine(dir ?? throw new InvalidOperationException("Koho.sln not found above the test output"), "src", "Koho.Web", "bin",
#if DEBUG
                "Debug",
#else
                "Release",
#endif
                "net10.0", "Koho.Web.dll");
            return File.Exists(path) ? path : throw new InvalidOperationException($"{path} がありません。先に dotnet build Koho.sln を実行してください。");
        }
    }

    public static KohoProcess Start(TestDatabase database, string node, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        var info = new ProcessStartInfo("dotnet", [Dll])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(Dll)!,
        };
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Urls"] = url.ToString(),   // overrides appsettings.json (ASPNETCORE_URLS would not)
            ["Koho__Database__Provider"] = database.ProviderName,
            ["ConnectionStrings__Koho"] = database.ConnectionString,
            ["Koho__Audit__Key"] = TestServices.AuditKey,
            ["Koho__Publishing__Node"] = node,
            ["Koho__Publishing__IntervalSeconds"] = "1",
            ["Koho__Publishing__LeaseSeconds"] = "4",
            ["Koho__Publishing__CallTimeoutSeconds"] = "3",
            ["Koho__Publishing__BatchSize"] = "40",
            ["Koho__Publishing__AllowLoopbackApis"] = "true",
            ["Koho__Publishing__ReconcileDelaySeconds"] = "1",
            ["Koho__Watch__Enabled"] = "false",        // this test is about publishing only
            ["Koho__Notifications__Enabled"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string>()) env[k] = v;
        foreach (var (k, v) in env) info.Environment[k] = v;
        var process = Process.Start(info) ?? throw new InvalidOperationException("Koho did not start");
        var koho = new KohoProcess(process, node, url);
        process.OutputDataReceived += (_, e) => koho.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => koho.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return koho;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_tail)
        {
            _tail.Add(line);
            if (_tail.Count > 200) _tail.RemoveAt(0);
        }
    }

    public string Tail()
    {
        lock (_tail) return string.Join('\n', _tail.TakeLast(40));
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits until the node answers /healthz (it has migrated, checked its packs and started its scheduler).</summary>
    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Koho ({Node}) exited with {_process.ExitCode}:\n{Tail()}");
            try
            {
                if ((await http.GetAsync(new Uri(Url, "/healthz"), ct)).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
            await Task.Delay(200, ct);
        }
        throw new TimeoutException($"Koho ({Node}) did not become ready:\n{Tail()}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing — as a crashed node or a pulled plug.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        await Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
