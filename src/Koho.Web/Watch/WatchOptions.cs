namespace Koho.Web.Watch;

public sealed class WatchOptions
{
    public const string Section = "Koho:Watch";
    /// <summary>Read mentions and search for impostors on this node (the scheduler).</summary>
    public bool Enabled { get; set; } = true;
    public int IntervalSeconds { get; set; } = 60;
    /// <summary>How often each account's mentions are read.</summary>
    public int ReadEveryMinutes { get; set; } = 5;
    /// <summary>How often the platforms are searched for accounts resembling the municipality's.</summary>
    public int SearchEveryHours { get; set; } = 6;
    /// <summary>On the first read, how far back to go.</summary>
    public int FirstReadHours { get; set; } = 24;
    /// <summary>Spike: the window compared, and how many past windows make the baseline.</summary>
    public int SpikeWindowMinutes { get; set; } = 60;
    public int SpikeBaselineWindows { get; set; } = 168;
    public int SpikeMinimumCount { get; set; } = 20;
    public double SpikeRatio { get; set; } = 4.0;
    /// <summary>Extra names to watch for per municipality (地方公共団体コード → names, e.g. romaji: "musashino").</summary>
    public Dictionary<string, string[]> Names { get; set; } = [];
}
