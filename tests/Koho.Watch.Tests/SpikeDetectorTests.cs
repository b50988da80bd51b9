using FsCheck;
using FsCheck.Fluent;

namespace Koho.Watch.Tests;

/// <summary>
/// Spike verdicts: flat and noisy baselines, low volume, each threshold exactly at and just below its edge, the
/// too-few-windows rule, robustness to an earlier spike, and the explanations staff read.
/// </summary>
public sealed class SpikeDetectorTests
{
    private static int[] Flat(int value, int windows = 24) => Enumerable.Repeat(value, windows).ToArray();

    [Fact]
    public void A_jump_from_a_flat_baseline_is_a_spike_with_the_explanation_staff_read()
    {
        var v = SpikeDetector.Assess(Flat(3), 42);
        Assert.True(v.IsSpike);
        Assert.Equal(42, v.Current);
        Assert.Equal(3, v.Baseline);
        Assert.Equal(14, v.Ratio);
        Assert.Equal("直近1時間の言及・返信が42件で、普段（中央値3件）の14倍です", v.Explanation);
    }

    [Fact]
    public void The_window_label_is_the_callers()
    {
        var v = SpikeDetector.Assess(Flat(10, 14), 95, windowLabel: "今日");
        Assert.True(v.IsSpike);
        Assert.Equal("今日の言及・返信が95件で、普段（中央値10件）の9.5倍です", v.Explanation);
    }

    [Theory]
    [InlineData(0, 19, false)]
    [InlineData(0, 20, true)]   // exactly MinimumCount
    [InlineData(3, 19, false)]
    [InlineData(3, 20, true)]
    [InlineData(1, 19, false)]
    public void Low_volume_never_alerts_and_MinimumCount_is_inclusive(int flat, int current, bool spike)
    {
        var v = SpikeDetector.Assess(Flat(flat), current);
        Assert.Equal(spike, v.IsSpike);
        if (!spike) Assert.Contains("件数が20件に届いていない", v.Explanation);
    }

    [Theory]
    [InlineData(10, 39, false)]
    [InlineData(10, 40, true)]   // exactly Ratio × baseline
    [InlineData(50, 199, false)]
    [InlineData(50, 200, true)]
    public void The_ratio_is_inclusive(int flat, int current, bool spike)
    {
        var v = SpikeDetector.Assess(Flat(flat), current);
        Assert.Equal(spike, v.IsSpike);
        if (!spike) Assert.Contains("普段の4倍に届いていない", v.Explanation);
    }

    [Theory]
    [InlineData(69, false)]
    [InlineData(70, true)]
    public void A_noisy_baseline_needs_more_than_its_spread(int current, bool spike)
    {
        // Median 10, median absolute deviation 10: spread 14.826, threshold 10 + 4 × 14.826 = 69.3 (the ratio's 40 is passed).
        int[] noisy = [0, 20, 10, 0, 20, 10, 0, 20, 10];
        var v = SpikeDetector.Assess(noisy, current);
        Assert.Equal(spike, v.IsSpike);
        Assert.Equal(10, v.Baseline);
        if (!spike) Assert.Contains("普段のばらつきの範囲内", v.Explanation);
    }

    [Theory]
    [InlineData(12, false)] // exactly baseline + Sigmas × spread: not more than it
    [InlineData(13, true)]
    public void The_sigma_condition_is_strict_and_the_spread_never_drops_below_the_Poisson_floor(int current, bool spike)
    {
        // Flat 4: MAD 0, spread floored at √4 = 2, threshold 4 + 4 × 2 = 12. Other conditions switched off.
        var v = SpikeDetector.Assess(Flat(4), current, new SpikeOptions { MinimumCount = 0, Ratio = 0 });
        Assert.Equal(spike, v.IsSpike);
    }

    [Fact]
    public void An_earlier_spike_in_the_history_does_not_raise_the_baseline()
    {
        var history = Flat(3, 23).Append(400).ToArray(); // the mean would be 19.5, the median stays 3
        var v = SpikeDetector.Assess(history, 42);
        Assert.True(v.IsSpike);
        Assert.Equal(3, v.Baseline);
    }

    [Fact]
    public void A_half_median_is_shown_with_its_half()
    {
        var v = SpikeDetector.Assess([3, 4, 3, 4, 3, 4], 50);
        Assert.Equal(3.5, v.Baseline);
        Assert.StartsWith("直近1時間の言及・返信が50件で、普段（中央値3.5件）の14倍です", v.Explanation);
    }

    [Fact]
    public void A_silent_account_says_it_is_usually_silent()
    {
        var v = SpikeDetector.Assess(Flat(0), 25);
        Assert.True(v.IsSpike);
        Assert.Equal(25, v.Ratio);
        Assert.Equal("直近1時間の言及・返信が25件です（普段は中央値0件で、ほとんどありません）", v.Explanation);
    }

    [Fact]
    public void With_no_history_there_is_never_a_spike()
    {
        var v = SpikeDetector.Assess([], 500);
        Assert.False(v.IsSpike);
        Assert.Contains("比べられる過去のデータがない", v.Explanation);
    }

    [Theory]
    [InlineData(new[] { 2, 3, 4 }, 12, false)]  // below MinimumCount
    [InlineData(new[] { 2, 3, 4 }, 20, true)]   // mean 3: 20 ≥ 12 and ≥ 20
    [InlineData(new[] { 1, 1, 40 }, 55, false)] // mean 14: 55 < 56 — an outlier is not ignored with so few windows
    [InlineData(new[] { 1, 1, 40 }, 56, true)]
    [InlineData(new[] { 5, 5, 5, 5, 5 }, 20, true)] // five windows: no spread condition (it would need 5 + 4√5 ≈ 13.9 anyway)
    public void With_fewer_than_six_windows_the_mean_is_the_baseline_and_only_count_and_ratio_apply(int[] history, int current, bool spike)
    {
        var v = SpikeDetector.Assess(history, current);
        Assert.Equal(spike, v.IsSpike);
        Assert.Equal(history.Average(), v.Baseline);
        Assert.Contains($"過去{history.Length}回の平均", v.Explanation);
    }

    [Fact]
    public void Six_windows_switch_to_the_median_and_its_spread()
    {
        Assert.Equal(6, SpikeDetector.MinimumWindowsForSpread);
        // Mean of five would be 3; with a sixth window the median (3) and spread apply.
        var five = SpikeDetector.Assess([1, 1, 3, 5, 5], 20);
        var six = SpikeDetector.Assess([1, 1, 3, 3, 5, 5], 20);
        Assert.Contains("平均3件", five.Explanation);
        Assert.Contains("中央値3件", six.Explanation);
    }

    [Fact]
    public void Options_change_the_thresholds()
    {
        Assert.False(SpikeDetector.Assess(Flat(2), 15).IsSpike);
        Assert.True(SpikeDetector.Assess(Flat(2), 15, new SpikeOptions { MinimumCount = 10 }).IsSpike);
        Assert.False(SpikeDetector.Assess(Flat(2), 15, new SpikeOptions { MinimumCount = 10, Ratio = 8 }).IsSpike);
    }

    [Fact]
    public void Bad_input_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => SpikeDetector.Assess(null!, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpikeDetector.Assess(Flat(1), -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpikeDetector.Assess([1, -2, 3], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpikeDetector.Assess(Flat(1), 1, new SpikeOptions { Ratio = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpikeDetector.Assess(Flat(1), 1, new SpikeOptions { Sigmas = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpikeDetector.Assess(Flat(1), 1, new SpikeOptions { MinimumCount = -1 }));
    }

    private static Gen<int[]> Histories => Gen.ArrayOf(Gen.OneOf(Gen.Choose(0, 10), Gen.Choose(0, 200)));

    [Fact]
    public void More_mentions_never_turn_a_spike_into_no_spike() =>
        Prop.ForAll(Histories.ToArbitrary(), Gen.Choose(0, 2000).ToArbitrary(), (history, current) =>
            !SpikeDetector.Assess(history, current).IsSpike || SpikeDetector.Assess(history, current + 1).IsSpike).QuickCheckThrowOnFailure();

    [Fact]
    public void Below_MinimumCount_is_never_a_spike() =>
        Prop.ForAll(Histories.ToArbitrary(), Gen.Choose(0, 19).ToArbitrary(), (history, current) =>
            !SpikeDetector.Assess(history, current).IsSpike).QuickCheckThrowOnFailure();

    [Fact]
    public void The_order_of_the_history_does_not_matter() =>
        Prop.ForAll(Histories.ToArbitrary(), Gen.Choose(0, 2000).ToArbitrary(), (history, current) =>
            SpikeDetector.Assess(history, current) == SpikeDetector.Assess(history.Reverse().ToArray(), current)
            && SpikeDetector.Assess(history, current) == SpikeDetector.Assess(history.OrderBy(x => x).ToArray(), current)).QuickCheckThrowOnFailure();

    [Fact]
    public void On_a_flat_history_the_first_spiking_count_is_the_largest_of_the_three_thresholds() =>
        Prop.ForAll(Gen.Choose(0, 300).ToArbitrary(), Gen.Choose(6, 48).ToArbitrary(), (level, windows) =>
        {
            var history = Flat(level, windows);
            var expected = (int)Math.Max(20, Math.Max(Math.Ceiling(4.0 * Math.Max(level, 1)), Math.Floor(level + 4 * Math.Sqrt(Math.Max(level, 1))) + 1));
            return SpikeDetector.Assess(history, expected).IsSpike && !SpikeDetector.Assess(history, expected - 1).IsSpike;
        }).QuickCheckThrowOnFailure();
}
