using Koho.Web.Posts;
using Koho.Web.Posts.Publishing;
using Koho.Web.Tests.Testing;

namespace Koho.Web.Tests.Posts.ExactlyOnce;

/// <summary>
/// Exactly once, for real: Koho runs as its own process and is killed with SIGKILL at random moments while 1,000
/// scheduled posts come due on five fake platforms (which also drop answers and fail now and then), then restarted —
/// and every post is on its platform exactly once. And two Koho nodes share one PostgreSQL without double-publishing.
/// </summary>
public sealed class ExactlyOnceTests(ITestOutputHelper output)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task Killing_Koho_at_random_moments_publishes_every_post_exactly_once(DatabaseKind kind)
    {
        await using var world = await PublishingWorld.CreateAsync(kind, posts: 1000, dueOver: TimeSpan.FromSeconds(20), randomFaultRate: 0.02, Ct);
        var seed = 20261122 + (int)kind;
        var random = new Random(seed);
        var kills = 0;
        for (var run = 0; run < 12 && !await world.AllSettledAsync(Ct); run++)
        {
            await using var koho = KohoProcess.Start(world.Database, $"node-{run}");
            await koho.WaitReadyAsync(TimeSpan.FromSeconds(60), Ct);
            await Task.Delay(random.Next(500, 3500), Ct);
            koho.Kill();
            kills++;
            var t = await world.TargetsAsync(Ct);
            output.WriteLine($"kill {kills}: " + string.Join(", ", t.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}")));
        }
        // Then a node left alone to finish what is left.
        await using (var last = KohoProcess.Start(world.Database, "node-final"))
        {
            await last.WaitReadyAsync(TimeSpan.FromSeconds(60), Ct);
            var until = DateTime.UtcNow.AddSeconds(150);
            while (!await world.AllSettledAsync(Ct) && DateTime.UtcNow < until) await Task.Delay(500, Ct);
            Assert.True(await world.AllSettledAsync(Ct), "not settled: " + string.Join(", ", (await world.TargetsAsync(Ct)).Select(kv => $"{kv.Key} {kv.Value}")) + "\n" + last.Tail());
        }

        var targets = await world.TargetsAsync(Ct);
        var attempts = await world.AttemptsAsync(Ct);
        var counts = world.PublishedCounts();
        output.WriteLine($"seed {seed}, {kills} kills; attempts: " + string.Join(", ", attempts.GroupBy(a => a.Outcome).Select(g => $"{g.Key} {g.Count()}"))
                         + $"; cut off mid-call: {attempts.Count(a => !a.Finished)}; fakes: " + string.Join(", ", world.Fakes.Select(f => $"{f.Network} {f.Posts.Active.Count}")));
        foreach (var line in await world.UnpublishedAsync(Ct)) output.WriteLine(line);
        Assert.Equal(1000, targets.GetValueOrDefault(TargetStatus.Published));
        Assert.Empty(counts.Where(kv => kv.Value != 1).Select(kv => $"{kv.Value}× {kv.Key}"));
        Assert.Equal(1000, world.Fakes.Sum(f => f.Posts.Active.Count));
        Assert.True(kills >= 5, $"only {kills} kills: the posts were published before the test could interrupt them");
        // The kills really landed mid-publish: attempts that started and never heard back, settled later by reconciliation.
        Assert.True(attempts.Any(a => !a.Finished) || attempts.Any(a => a.Outcome == AttemptOutcome.Found), "no kill interrupted a publication");
    }

    [Fact]
    public async Task Two_nodes_on_one_PostgreSQL_never_publish_twice_and_one_carries_on_when_the_other_dies()
    {
        await using var world = await PublishingWorld.CreateAsync(DatabaseKind.Postgres, posts: 300, dueOver: TimeSpan.FromSeconds(15), randomFaultRate: 0, Ct);
        await using var a = KohoProcess.Start(world.Database, "node-a");
        await a.WaitReadyAsync(TimeSpan.FromSeconds(60), Ct);
        await using var b = KohoProcess.Start(world.Database, "node-b");
        await b.WaitReadyAsync(TimeSpan.FromSeconds(60), Ct);
        // Both nodes run the clustered scheduler; halfway through, the one doing the work dies.
        var until = DateTime.UtcNow.AddSeconds(60);
        while ((await world.TargetsAsync(Ct)).GetValueOrDefault(TargetStatus.Published) < 100 && DateTime.UtcNow < until) await Task.Delay(200, Ct);
        var busiest = (await world.AttemptsAsync(Ct)).GroupBy(x => x.Node).OrderByDescending(g => g.Count()).First().Key;
        var (dead, survivor) = busiest == "node-a" ? (a, b) : (b, a);
        dead.Kill();
        until = DateTime.UtcNow.AddSeconds(120);
        while (!await world.AllSettledAsync(Ct) && DateTime.UtcNow < until) await Task.Delay(500, Ct);

        var targets = await world.TargetsAsync(Ct);
        var attempts = await world.AttemptsAsync(Ct);
        output.WriteLine("attempts per node: " + string.Join(", ", attempts.GroupBy(x => x.Node).Select(g => $"{g.Key} {g.Count()}")));
        foreach (var line in await world.UnpublishedAsync(Ct)) output.WriteLine(line);
        Assert.Equal(300, targets.GetValueOrDefault(TargetStatus.Published));
        Assert.DoesNotContain(world.PublishedCounts(), kv => kv.Value != 1);
        Assert.Equal(300, world.Fakes.Sum(f => f.Posts.Active.Count));
        Assert.Contains(attempts, x => x.Node == survivor.Node && x.Outcome is AttemptOutcome.Published or AttemptOutcome.Found); // the survivor took over
        Assert.False(survivor.HasExited, survivor.Tail());
    }
}
