namespace Koho.Cli;

// An explicit entry class rather than top-level statements: the tests reference both this and the web app,
// and two top-level `Program` classes would collide.
internal static class Entry
{
    private static Task<int> Main(string[] args) => KohoCli.RunAsync(args, Console.In, Console.Out, Console.Error);
}
