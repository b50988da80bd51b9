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
        if (env.IsDevelopment())
        {
            logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        }
        else
        {
            logging.AddJsonConsole(o => { o.UseUtcTimestamp = true; o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ"; });
        }
        return logging;
    }
}
