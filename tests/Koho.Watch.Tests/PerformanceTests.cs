using System.Diagnostics;

namespace Koho.Watch.Tests;

/// <summary>The watch runs thousands of observed accounts against hundreds of registered ones on every pass.</summary>
public sealed class PerformanceTests
{
    [Fact]
    public void Five_thousand_observed_accounts_against_three_hundred_registered_ones_take_well_under_a_few_seconds()
    {
        string[] places = ["musashino", "mitaka", "chofu", "koganei", "fuchu", "kodaira", "hino", "tachikawa", "hachioji", "machida"];
        string[] topics = ["city", "bosai", "kosodate", "library", "kankyo", "kenko", "koho", "kanko", "sports", "bunka"];
        string[] platforms = ["X", "Instagram", "Facebook", "Line", "YouTube", "Bluesky"];
        var register = new List<RegisteredAccount>();
        foreach (var p in places)
            foreach (var t in topics)
                foreach (var platform in platforms.Take(3))
                    register.Add(new RegisteredAccount(Guid.NewGuid(), platform, $"@{p}_{t}", $"{p}{t}"));
        Assert.Equal(300, register.Count);

        var random = new Random(42);
        var observed = Enumerable.Range(0, 5000).Select(i =>
        {
            var p = places[random.Next(places.Length)];
            var handle = random.Next(4) switch
            {
                0 => $"@{p}_{topics[random.Next(topics.Length)]}_official",
                1 => $"@{p.Replace('i', '1')}_{topics[random.Next(topics.Length)]}",
                2 => $"@user{random.Next(100000)}",
                _ => $"@{(char)('a' + random.Next(26))}{p}_{random.Next(1000)}_fan",
            };
            return new ObservedAccount(platforms[random.Next(platforms.Length)], handle, random.Next(3) == 0 ? "市民の声" : null);
        }).ToList();

        var watch = Stopwatch.StartNew();
        var detector = new LookalikeDetector(register, ["musashino", "武蔵野市"]);
        var found = observed.Count(o => detector.Assess(o) is not null);
        watch.Stop();

        Assert.InRange(found, 2000, 5000); // the generated look-alikes are found
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void One_detector_serves_many_threads_with_the_same_answers()
    {
        var observed = Enumerable.Range(0, 2000).Select(i => new ObservedAccount(
            (i % 3) switch { 0 => "X", 1 => "Instagram", _ => "TikTok" },
            (i % 5) switch { 0 => $"@musashino_city{i}", 1 => "@musashin0_city", 2 => $"@user{i}", 3 => "@musashino_official", _ => "@tokyo_weather" },
            i % 2 == 0 ? "武蔵野市" : null)).ToArray();
        var sequential = observed.Select(Fixture.Detector.Assess).ToArray();
        var parallel = new ImpersonationCandidate?[observed.Length];
        Parallel.For(0, observed.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = Fixture.Detector.Assess(observed[i]));
        Assert.Equal(sequential, parallel);
    }
}
