using Koho.Connectors;

namespace Koho.FakePlatforms;

/// <summary>Runs all six fakes (not top-level statements: a global Program would clash with Koho.Web's in the tests).</summary>
internal static class FakePlatformsProgram
{
    public static async Task<int> Main(string[] args)
    {
        // Starts all six fakes for manual runs of Koho against them and prints where they are and what they accept.
        // Usage: dotnet run --project tests/Koho.FakePlatforms [-- --port-base 7100]   (Ctrl+C stops them)
        var portBase = args.Length == 2 && args[0] == "--port-base" && int.TryParse(args[1], out var p) ? p : 0;
        var servers = new List<FakePlatformServer>();
        try
        {
            foreach (var (network, i) in Enum.GetValues<Network>().Select((n, i) => (n, i)))
            {
                var server = await FakePlatform.StartAsync(network, new FakePlatformOptions { Port = portBase == 0 ? 0 : portBase + i });
                servers.Add(server);
                var connection = server.CreateConnection();
                Console.WriteLine($"{network,-10} {server.BaseUrl}  account={connection.AccountId}  "
                                  + string.Join("  ", connection.Secrets.Select(kv => $"{kv.Key}={kv.Value}")) // fake credentials, printed on purpose
                                  + $"  admin={server.RootUrl}_fake/posts");
            }
            Console.WriteLine("Running. Ctrl+C to stop.");
            var stop = new TaskCompletionSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stop.TrySetResult();
            };
            await stop.Task;
        }
        finally
        {
            foreach (var server in servers) await server.DisposeAsync();
        }
        return 0;
    }
}
