using Koho.Connectors;
using Koho.Web.Accounts;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Posts.Publishing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace Koho.Web.Watch;

/// <summary>
/// Reads what is written to the municipality's accounts through the connectors' read APIs (accounts with a connection,
/// on platforms that offer one), stores each item once, then looks for spikes and impostors among the authors; every
/// few hours it also searches the platforms for accounts resembling the register. A platform that refuses or has no
/// such API is noted on the watch page, never retried in a tight loop.
/// </summary>
public sealed class MentionReader(IServiceScopeFactory scopes, IConnectorFactory connectors, TimeProvider time, IOptions<WatchOptions> options,
    IOptions<PublishingOptions> publishing, ILogger<MentionReader> log)
{
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        List<Guid> tenants;
        using (var scope = scopes.CreateScope())
            tenants = await scope.ServiceProvider.GetRequiredService<KohoDbContext>().PlatformCredentials.IgnoreQueryFilters()
                .Select(c => c.TenantId).Distinct().ToListAsync(ct);
        var read = 0;
        foreach (var tenantId in tenants)
        {
            try { read += await ReadTenantAsync(tenantId, ct); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Watch failed for tenant {Tenant}", tenantId); // the other municipalities are still read
            }
        }
        return read;
    }

    public async Task<int> ReadTenantAsync(Guid tenantId, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<KohoDbContext>();
        var vault = scope.ServiceProvider.GetRequiredService<CredentialVault>();
        var analysis = scope.ServiceProvider.GetRequiredService<WatchAnalysis>();
        var o = options.Value;
        var now = time.GetUtcNow();
        var accounts = await (from a in db.OfficialAccounts
                              join c in db.PlatformCredentials on a.Id equals c.AccountId
                              where a.Status == AccountStatus.Operating || a.Status == AccountStatus.SuspensionNoticed || a.Status == AccountStatus.Approved
                              select new { Account = a, Credential = c }).ToListAsync(ct);
        var cursors = await db.WatchCursors.ToDictionaryAsync(c => c.AccountId, ct);
        var lastSearch = cursors.Values.Select(c => c.LastSearchAt).Max();
        var searchDue = lastSearch is null || lastSearch < now.AddHours(-Math.Max(1, o.SearchEveryHours));
        var total = 0;
        var observed = new List<(Platform, string, string?)>();
        var withNew = new HashSet<Guid>();
        var searchConnections = new Dictionary<Network, Connection>();
        foreach (var item in accounts)
        {
            if (Networks.Of(item.Account.Platform) is not { } network) continue;
            if (!cursors.TryGetValue(item.Account.Id, out var cursor))
            {
                cursor = new WatchCursor { AccountId = item.Account.Id, TenantId = tenantId, NextReadAt = now };
                db.WatchCursors.Add(cursor);
                cursors[item.Account.Id] = cursor;
            }
            // Decrypted only when it will be used: this account is due, or a search is (one connection per platform).
            if (cursor.NextReadAt > now && !(searchDue && !searchConnections.ContainsKey(network))) continue;
            Connection connection;
            try { connection = vault.Open(item.Credential, publishing.Value.BaseUrls.GetValueOrDefault(network.ToString()) ?? "https://invalid.example"); }
            catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or System.Text.Json.JsonException)
            {
                cursor.LastError = "接続情報を復号できません。アカウントの画面で設定し直してください。";
                cursor.NextReadAt = now.AddHours(1);
                continue;
            }
            searchConnections.TryAdd(network, connection);
            if (cursor.NextReadAt > now) continue;

            var since = cursor.ReadUntil ?? now.AddHours(-Math.Max(1, o.FirstReadHours));
            var result = await connectors.Watch(network).ReadMentionsAsync(connection, since, ct);
            switch (result)
            {
                case WatchResult<PlatformMention>.Ok ok:
                    var ids = ok.Items.Select(m => m.ExternalId).ToList();
                    var existing = (await db.Mentions.Where(m => m.AccountId == item.Account.Id && ids.Contains(m.ExternalId)).Select(m => m.ExternalId).ToListAsync(ct)).ToHashSet();
                    foreach (var m in ok.Items.Where(m => !existing.Contains(m.ExternalId)).DistinctBy(m => m.ExternalId))
                    {
                        db.Mentions.Add(new Mention
                        {
                            Id = Guid.NewGuid(), TenantId = tenantId, AccountId = item.Account.Id, Platform = item.Account.Platform, ExternalId = Clip(m.ExternalId, 200),
                            AuthorHandle = Clip(m.AuthorHandle, 200), AuthorName = m.AuthorName is null ? null : Clip(m.AuthorName, 200), Text = Clip(m.Text, 4000),
                            Url = WatchService.SafeLink(m.Url), PostedAt = m.PostedAt, ReceivedAt = now, IsReply = m.IsReply,
                            Source = MentionSource.Api, Status = MentionStatus.New,
                        });
                        observed.Add((item.Account.Platform, m.AuthorHandle, m.AuthorName));
                        withNew.Add(item.Account.Id);
                        total++;
                    }
                    if (ok.Items.Count > 0) cursor.ReadUntil = ok.Items.Max(m => m.PostedAt);
                    cursor.LastReadAt = now;
                    // Platforms page newest first: past the bound, what lies between `since` and the oldest read was not
                    // seen. Say so (staff check it on the platform) rather than pretend it will be read later.
                    cursor.LastError = ok.Truncated && ok.Items.Count > 0
                        ? $"言及が多く、{Shell.JapaneseDates.Format(since)}〜{Shell.JapaneseDates.Format(ok.Items.Min(m => m.PostedAt))} の間は読み切れませんでした。この間の記述は SNS で直接確認してください。"
                        : null;
                    cursor.NextReadAt = now.AddMinutes(Math.Max(1, o.ReadEveryMinutes));
                    break;
                case WatchResult<PlatformMention>.Retry retry:
                    cursor.LastError = retry.Reason;
                    cursor.NextReadAt = now + (retry.After is { } after && after > TimeSpan.FromMinutes(o.ReadEveryMinutes) ? after : TimeSpan.FromMinutes(Math.Max(1, o.ReadEveryMinutes)));
                    break;
                case WatchResult<PlatformMention>.Unsupported unsupported:
                    cursor.LastError = unsupported.Reason;
                    cursor.NextReadAt = now.AddDays(1);
                    break;
                case WatchResult<PlatformMention>.Failed failed:
                    cursor.LastError = failed.Reason;
                    cursor.NextReadAt = now.AddHours(1);
                    break;
            }
        }
        // Save what was read before analysing, so a spike counts this round's mentions.
        await db.SaveChangesAsync(ct);
        // Only accounts that received something this round can have a new spike.
        foreach (var item in accounts.Where(a => withNew.Contains(a.Account.Id))) await analysis.CheckSpikeAsync(item.Account, ct);

        if (searchDue && searchConnections.Count > 0)
        {
            var names = await analysis.NamesAsync(tenantId, ct);
            foreach (var (network, connection) in searchConnections)
            {
                string? problem = null;
                foreach (var name in names.Where(n => !string.IsNullOrWhiteSpace(n)))
                {
                    var found = await connectors.Watch(network).SearchAccountsAsync(connection, name, 50, ct);
                    switch (found)
                    {
                        case WatchResult<PlatformProfile>.Ok ok:
                            observed.AddRange(ok.Items.Select(p => (PlatformOf(network), p.Handle, p.DisplayName)));
                            break;
                        case WatchResult<PlatformProfile>.Unsupported u: problem = u.Reason; break;
                        case WatchResult<PlatformProfile>.Retry r: problem = r.Reason; break;
                        case WatchResult<PlatformProfile>.Failed f: problem = f.Reason; break;
                    }
                }
                // Shown on the watch page beside each account of that platform: staff know where impostors are not being looked for.
                foreach (var item in accounts.Where(a => Networks.Of(a.Account.Platform) == network))
                    if (cursors.TryGetValue(item.Account.Id, out var c)) c.LastSearchError = problem is null ? null : Clip(problem, 500);
            }
            foreach (var c in cursors.Values) c.LastSearchAt = now;
        }
        if (observed.Count > 0) await analysis.CheckCandidatesAsync(tenantId, observed, ct);
        var newAlerts = db.ChangeTracker.Entries<WatchAlert>().Count(e => e.State == EntityState.Added);
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        var entries = db.ChangeTracker.Entries<WatchAlert>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
            .Select(a => new AuditEntry(tenantId, AuditActor.System, "watch.alert-raised", "watch-alert", a.Id.ToString(),
                After: AuditSummary.Of(new { Kind = a.Kind.Label(), a.Handle, a.Explanation }))).ToList();
        if (entries.Count > 0) await audit.SaveAsync(entries, ct);
        else await db.SaveChangesAsync(ct);
        if (total + newAlerts > 0) log.LogInformation("Watch read {Mentions} mentions, raised {Alerts} alerts for tenant {Tenant}", total, newAlerts, tenantId);
        return total;
    }

    private static Platform PlatformOf(Network n) => n switch
    {
        Network.X => Platform.X, Network.Facebook => Platform.Facebook, Network.Instagram => Platform.Instagram,
        Network.Line => Platform.Line, Network.Mastodon => Platform.Mastodon, _ => Platform.Bluesky,
    };

    private static string Clip(string s, int max) => Shell.TextClip.Clip(s, max);
}

[DisallowConcurrentExecution]
public sealed class WatchReadJob(MentionReader reader, IOptions<WatchOptions> options) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled) return; // off on this node: this firing is skipped (see PublishDueJob)
        await reader.RunOnceAsync(cancellationToken);
    }
}

public static class WatchSetup
{
    public static IServiceCollection AddKohoWatch(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WatchOptions>(configuration.GetSection(WatchOptions.Section));
        services.AddScoped<WatchAnalysis>();
        services.AddScoped<WatchService>();
        services.AddSingleton<MentionReader>();
        return services;
    }
}
