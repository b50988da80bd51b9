using Koho.Web.Accounts;
using Koho.Web.Database;
using Koho.Watch;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Koho.Web.Watch;

/// <summary>
/// Turns what the watch read into alerts: a spike in an account's mentions against its own baseline (炎上の兆し), and
/// accounts on the platforms that resemble the register (なりすまし候補). The detection itself is the pure
/// <c>Koho.Watch</c> library; this class feeds it from the database and records each finding once.
/// </summary>
public sealed class WatchAnalysis(KohoDbContext db, TimeProvider time, IOptions<WatchOptions> options)
{
    /// <summary>Checks one account's last window against its baseline; raises at most one spike alert per account per 6 hours.</summary>
    public async Task<WatchAlert?> CheckSpikeAsync(OfficialAccount account, CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var window = TimeSpan.FromMinutes(Math.Max(5, o.SpikeWindowMinutes));
        var from = now - window * (o.SpikeBaselineWindows + 1);
        var times = await db.Mentions.Where(m => m.AccountId == account.Id && m.PostedAt > from && m.PostedAt <= now).Select(m => m.PostedAt).ToListAsync(ct);
        var current = times.Count(t => t > now - window);
        var oldest = await db.Mentions.Where(m => m.AccountId == account.Id).MinAsync(m => (DateTimeOffset?)m.PostedAt, ct);
        // Only windows the watch has actually covered count towards the baseline (a new account has little history).
        var baseline = new List<int>();
        for (var i = 1; i <= o.SpikeBaselineWindows; i++)
        {
            var end = now - window * i;
            var start = end - window;
            if (oldest is null || end < oldest) break;
            baseline.Add(times.Count(t => t > start && t <= end));
        }
        var label = window.TotalMinutes % 60 == 0 ? $"直近{window.TotalHours:0}時間" : $"直近{window.TotalMinutes:0}分";
        var verdict = SpikeDetector.Assess(baseline, current, new SpikeOptions { MinimumCount = o.SpikeMinimumCount, Ratio = o.SpikeRatio }, label);
        if (!verdict.IsSpike) return null;
        var since = now.AddHours(-6);
        if (await db.WatchAlerts.AnyAsync(a => a.Kind == WatchAlertKind.Spike && a.AccountId == account.Id && a.RaisedAt > since, ct)) return null;
        var alert = new WatchAlert
        {
            Id = Guid.NewGuid(), TenantId = account.TenantId, Kind = WatchAlertKind.Spike, AccountId = account.Id, Platform = account.Platform, Handle = "",
            Explanation = $"「{account.Name}」への{verdict.Explanation}", Score = Math.Min(1, verdict.Ratio / 20), RaisedAt = now, Status = WatchAlertStatus.Open,
        };
        db.WatchAlerts.Add(alert);
        return alert;
    }

    /// <summary>Assesses accounts seen on the platforms (search results, authors of mentions); new candidates become alerts.</summary>
    public async Task<List<WatchAlert>> CheckCandidatesAsync(Guid tenantId, IEnumerable<(Platform Platform, string Handle, string? DisplayName)> observed, CancellationToken ct)
    {
        var detector = await DetectorAsync(tenantId, ct);
        var known = (await db.WatchAlerts.Where(a => a.Kind == WatchAlertKind.ImpersonationCandidate).Select(a => new { a.Platform, a.Handle }).ToListAsync(ct))
            .Select(a => (a.Platform, Key(a.Platform, a.Handle))).ToHashSet();
        var warned = (await db.ImpersonationWarnings.Select(w => new { w.Platform, w.ImpostorHandle }).ToListAsync(ct))
            .Select(w => (w.Platform, Key(w.Platform, w.ImpostorHandle))).ToHashSet();
        var now = time.GetUtcNow();
        var raised = new List<WatchAlert>();
        foreach (var (platform, handle, displayName) in observed.DistinctBy(o => (o.Platform, Key(o.Platform, o.Handle))))
        {
            if (known.Contains((platform, Key(platform, handle))) || warned.Contains((platform, Key(platform, handle)))) continue;
            if (detector.Assess(new ObservedAccount(platform.ToString(), handle, displayName)) is not { } candidate) continue;
            var alert = new WatchAlert
            {
                Id = Guid.NewGuid(), TenantId = tenantId, Kind = WatchAlertKind.ImpersonationCandidate, AccountId = candidate.ResemblesAccountId,
                Platform = platform, Handle = handle.Length <= 200 ? handle : handle[..200], DisplayName = displayName is { Length: > 200 } d ? d[..200] : displayName,
                Explanation = candidate.Explanation, Score = candidate.Score, RaisedAt = now, Status = WatchAlertStatus.Open,
            };
            db.WatchAlerts.Add(alert);
            known.Add((platform, Key(platform, handle)));
            raised.Add(alert);
        }
        return raised;
    }

    /// <summary>The names the municipality goes by: its name (武蔵野市), configured names, and the romaji stem its registered handles share.</summary>
    public async Task<List<string>> NamesAsync(Guid tenantId, CancellationToken ct)
    {
        var tenant = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => new { t.Name, t.Code }).FirstAsync(ct);
        var names = new List<string> { tenant.Name };
        // The full name (武蔵野市), not the stem: 武蔵野 alone is also 武蔵野大学, 武蔵野銀行 …
        if (options.Value.Names.TryGetValue(tenant.Code, out var extra)) names.AddRange(extra.Where(n => !string.IsNullOrWhiteSpace(n)));
        var handles = await db.OfficialAccounts.Where(a => a.Status != AccountStatus.Deleted).Select(a => a.Handle).ToListAsync(ct);
        // The romaji name is the token most of the register's handles share ("musashino" in musashino_city, city_musashino_bousai).
        var tokens = handles.SelectMany(h => h.TrimStart('@').Split('@')[0].ToLowerInvariant().Split(['_', '-', '.'], StringSplitOptions.RemoveEmptyEntries))
            .Where(t => t.Length >= 5 && t.All(char.IsAsciiLetter) && t is not ("official" or "koho" or "kouhou" or "city" or "town" or "village" or "bousai" or "bosai" or "info"))
            .GroupBy(t => t).OrderByDescending(g => g.Count()).FirstOrDefault();
        if (tokens is not null && tokens.Count() >= Math.Max(2, handles.Count / 3)) names.Add(tokens.Key);
        return names.Distinct().ToList();
    }

    private async Task<LookalikeDetector> DetectorAsync(Guid tenantId, CancellationToken ct)
    {
        var register = await db.OfficialAccounts.Where(a => a.Status != AccountStatus.Deleted)
            .Select(a => new { a.Id, a.Platform, a.Handle, a.Name }).ToListAsync(ct);
        return new LookalikeDetector(register.Select(a => new RegisteredAccount(a.Id, a.Platform.ToString(), a.Handle, a.Name)), await NamesAsync(tenantId, ct));
    }

    /// <summary>The watch's normalised handle (＠ and @, profile URLs, Mastodon servers, Bluesky domains): one account, one key.</summary>
    private static string Key(Platform platform, string handle) => LookalikeDetector.Key(platform.ToString(), handle);
}
