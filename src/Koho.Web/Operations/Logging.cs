namespace Koho.Web.Operations;

public static class Logging
{
    /// <summary>
    /// JSON lines outside Development, for log collectors; readable text in Development. Nothing logs request
    /// bodies, connection strings or EF parameter values (sensitive data logging stays off).
    /// </summary>
    public static ILoggingBuilder AddKohoLogging(this ILoggingBuilder logging, IHostEnvironment env)
    {
        logging.ClearProviders();
        // EF Core logs every SQL command at Information; keep it quiet unless configuration asks otherwise.
        logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        if (env.IsDevelopment())
        {
            logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        }
        else
        {
            logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                // Japanese messages stay readable in the log rather than \uXXXX escapes.
                o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
        }
        return logging;
    }
}
