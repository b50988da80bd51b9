using Koho.Cli;

namespace Koho.Web.Tests.Cli;

/// <summary>Runs `koho` in-process with empty standard input and captures what it prints.</summary>
internal static class CliRun
{
    public static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await KohoCli.RunAsync(args, new StringReader(""), stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
