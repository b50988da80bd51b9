using System.Globalization;

namespace Koho.Watch;

/// <summary>
/// Says whether an account's mentions and replies in the latest window jumped far above its usual level — the
/// usual first sign of 炎上. The caller chooses the window (an hour, a day) and passes the previous windows' counts.
/// <para>
/// Baseline: the median of the previous windows, and as spread 1.4826 × the median absolute deviation (the
/// standard deviation for normally distributed counts, but not dragged up by an earlier spike). Counts are roughly
/// Poisson, so the spread is never taken below √max(median, 1): a perfectly flat history must not make one extra
/// mention "infinitely many sigmas".
/// </para>
/// <para>
/// A spike needs all three: current ≥ <see cref="SpikeOptions.MinimumCount"/> (low volume never alerts),
/// current ≥ <see cref="SpikeOptions.Ratio"/> × max(baseline, 1), and current &gt; baseline +
/// <see cref="SpikeOptions.Sigmas"/> × spread.
/// </para>
/// <para>
/// With fewer than <see cref="MinimumWindowsForSpread"/> previous windows a spread means nothing: the baseline is
/// then their mean and only the first two conditions apply. With no previous window at all there is nothing to
/// compare with and the verdict is never a spike (a new account's normal volume is unknown).
/// </para>
/// </summary>
public static class SpikeDetector
{
    /// <summary>Previous windows needed before the median and its spread are used.</summary>
    public const int MinimumWindowsForSpread = 6;

    /// <summary>Scale that makes the median absolute deviation estimate a standard deviation.</summary>
    internal const double MadScale = 1.4826;

    /// <param name="baselineWindows">Counts of the previous windows (oldest first or not: order doesn't matter).</param>
    /// <param name="current">Count of the latest window.</param>
    /// <param name="windowLabel">How the explanation names the latest window (直近1時間, 今日 …).</param>
    public static SpikeVerdict Assess(IReadOnlyList<int> baselineWindows, int current, SpikeOptions? options = null, string windowLabel = "直近1時間")
    {
        ArgumentNullException.ThrowIfNull(baselineWindows);
        ArgumentOutOfRangeException.ThrowIfNegative(current);
        options ??= new SpikeOptions();
        if (options.MinimumCount < 0) throw new ArgumentOutOfRangeException(nameof(options), "MinimumCount must not be negative.");
        if (!double.IsFinite(options.Ratio) || options.Ratio < 0) throw new ArgumentOutOfRangeException(nameof(options), "Ratio must be a non-negative number.");
        if (!double.IsFinite(options.Sigmas) || options.Sigmas < 0) throw new ArgumentOutOfRangeException(nameof(options), "Sigmas must be a non-negative number.");
        foreach (var w in baselineWindows)
            if (w < 0) throw new ArgumentOutOfRangeException(nameof(baselineWindows), "Counts must not be negative.");
        windowLabel = string.IsNullOrWhiteSpace(windowLabel) ? "直近の期間" : windowLabel.Trim();

        var n = baselineWindows.Count;
        if (n == 0)
            return new SpikeVerdict(false, current, 0, current, $"{windowLabel}の言及・返信は{current}件です。比べられる過去のデータがないため、急増かどうかは判定していません");

        double baseline;
        double? spread = null;
        string usual;
        if (n < MinimumWindowsForSpread)
        {
            baseline = baselineWindows.Average();
            usual = $"過去{n}回の平均{Count(baseline)}件";
        }
        else
        {
            baseline = Median(baselineWindows.Select(w => (double)w).ToArray());
            var mad = Median(baselineWindows.Select(w => Math.Abs(w - baseline)).ToArray());
            spread = Math.Max(MadScale * mad, Math.Sqrt(Math.Max(baseline, 1)));
            usual = $"中央値{Count(baseline)}件";
        }

        var ratio = current / Math.Max(baseline, 1);
        var enough = current >= options.MinimumCount;
        var farAbove = current >= options.Ratio * Math.Max(baseline, 1);
        var outside = spread is not { } s || current > baseline + options.Sigmas * s;
        var isSpike = enough && farAbove && outside;

        var head = baseline < 1
            ? $"{windowLabel}の言及・返信が{current}件です（普段は{usual}で、ほとんどありません）"
            : $"{windowLabel}の言及・返信が{current}件で、普段（{usual}）の{Times(ratio)}倍です";
        if (isSpike) return new SpikeVerdict(true, current, baseline, ratio, head);

        var why = !enough ? $"件数が{options.MinimumCount}件に届いていない"
            : !farAbove ? $"普段の{Times(options.Ratio)}倍に届いていない"
            : "普段のばらつきの範囲内";
        return new SpikeVerdict(false, current, baseline, ratio, $"{head}。{why}ため、急増とは判定していません");
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    // 3, 3.5: counts are whole, a median or mean may be a half or a fraction.
    private static string Count(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    // 14 for big ratios, 4.5 for small ones.
    private static string Times(double ratio) =>
        ratio >= 10 ? Math.Round(ratio).ToString("0", CultureInfo.InvariantCulture) : Math.Round(ratio, 1).ToString("0.#", CultureInfo.InvariantCulture);
}
