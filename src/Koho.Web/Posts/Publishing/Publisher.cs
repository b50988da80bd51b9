using Koho.Connectors;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly;

namespace Koho.Web.Posts.Publishing;

/// <summary>
/// Publishes approved posts when they are due — each exactly once, on every node and across crashes:
/// <list type="number">
/// <item>a node takes a target with a lease (an atomic conditional UPDATE), so two nodes never work on it at once;</item>
/// <item>each attempt is written and committed before the platform is called (the outbox), with the target marked
/// 公開処理中 — so after a crash or a lost answer Koho knows the post may be out there;</item>
/// <item>such a target is reconciled before anything is sent again: platforms whose idempotency key makes a resend a
/// no-op (LINE, Mastodon, Bluesky) get the same request again; the others (X, Facebook, Instagram) are read back,
/// and only a post not found there is sent;</item>
/// <item>429 and 5xx (nothing published) are retried with backoff, honouring Retry-After and rate-limit resets;
/// after <see cref="PublishingOptions.MaxAttempts"/> the target fails visibly and the author is told.</item>
/// </list>
/// </summary>
public sealed class Publisher(IServiceScopeFactory scopes, IConnectorFactory connectors, TimeProvider time, IOptions<PublishingOptions> options,
    ILogger<Publisher> log)
{
    private PublishingOptions Options => options.Value;

    /// <summary>One round: start due posts, publish due targets, expire posts not approved in time. Returns targets worked on.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await StartDuePostsAsync(ct);
        var claimed = await ClaimAsync(ct);
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Options.Parallelism), CancellationToken = ct },
            async (target, token) =>
            {
                try
                {
                    await PublishTargetAsync(target.Id, target.TenantId, token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The lease runs out and the next round reconciles; one target's trouble stops no other.
                    log.LogError(e, "Publishing target {Target} failed unexpectedly", target.Id);
                }
            });
        await using (var scope = scopes.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<PostService>().ExpireOverdueAsync(ct);
        return claimed.Count;
    }

    /// <summary>承認済 posts whose time has come (and that no pause holds) move to 公開処理中; their targets become due.</summary>
    private async Task StartDuePostsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KohoDbContext>();
        var now = time.GetUtcNow();
        var due = await db.Posts.IgnoreQueryFilters()
            .Where(p => p.Status == PostStatus.Approved && (p.ScheduledAt == null || p.ScheduledAt <= now))
            .Select(p => new { p.Id, p.TenantId }).Take(200).ToListAsync(ct);
        if (due.Count == 0) return;
        var pauses = await ActivePausesAsync(db, ct);
        foreach (var item in due)
        {
            await using var postScope = scopes.CreateAsyncScope();
            var sp = postScope.ServiceProvider;
            sp.GetRequiredService<TenantContext>().Use(item.TenantId);
            var pdb = sp.GetRequiredService<KohoDbContext>();
            var post = await pdb.Posts.FirstOrDefaultAsync(p => p.Id == item.Id && p.Status == PostStatus.Approved, ct);
            if (post is null) continue;
            var targets = await pdb.PostTargets.Where(t => t.PostId == post.Id).ToListAsync(ct);
            if (pauses.Any(p => p.TenantId == post.TenantId && (p.AccountId is null || targets.Any(t => t.AccountId == p.AccountId)))) continue;
            post.Status = PostStatus.Publishing;
            foreach (var t in targets.Where(t => t.Status == TargetStatus.Pending)) t.NextAttemptAt = now;
            try
            {
                await sp.GetRequiredService<AuditTrail>().SaveAsync(new AuditEntry(post.TenantId, AuditActor.System, "post.publishing-started", "post",
                    post.Id.ToString(), After: AuditSummary.Of(new { post.ScheduledAt, post.ApprovedVersion })), ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another node started it, or an editor voided the approval a moment ago: either way not ours now.
            }
        }
    }

    private sealed record Claimed(Guid Id, Guid TenantId);

    /// <summary>Takes due targets with a lease; a target another node holds, or whose account is paused, is left alone.</summary>
    private async Task<List<Claimed>> ClaimAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KohoDbContext>();
        var now = time.GetUtcNow();
        var candidates = await db.PostTargets.IgnoreQueryFilters()
            .Where(t => (t.Status == TargetStatus.Pending || t.Status == TargetStatus.Publishing) && t.NextAttemptAt != null && t.NextAttemptAt <= now
                        && (t.LeaseUntil == null || t.LeaseUntil < now))
            .OrderBy(t => t.NextAttemptAt).Select(t => new { t.Id, t.TenantId, t.AccountId }).Take(Options.BatchSize).ToListAsync(ct);
        if (candidates.Count == 0) return [];
        var pauses = await ActivePausesAsync(db, ct);
        var until = now.AddSeconds(Options.LeaseSeconds);
        var node = Options.NodeName;
        var claimed = new List<Claimed>();
        foreach (var c in candidates)
        {
            if (pauses.Any(p => p.TenantId == c.TenantId && (p.AccountId is null || p.AccountId == c.AccountId))) continue;
            // The conditional update is the lock: of two nodes racing for a target, exactly one changes the row.
            var taken = await db.PostTargets.IgnoreQueryFilters()
                .Where(t => t.Id == c.Id && (t.LeaseUntil == null || t.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LeaseOwner, node).SetProperty(t => t.LeaseUntil, until), ct);
            if (taken == 1) claimed.Add(new Claimed(c.Id, c.TenantId));
        }
        return claimed;
    }

    private static Task<List<PublishingPause>> ActivePausesAsync(KohoDbContext db, CancellationToken ct) =>
        db.PublishingPauses.IgnoreQueryFilters().AsNoTracking().Where(p => p.ResumedAt == null).ToListAsync(ct);

    private async Task PublishTargetAsync(Guid targetId, Guid tenantId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        sp.GetRequiredService<TenantContext>().Use(tenantId);
        var db = sp.GetRequiredService<KohoDbContext>();
        var audit = sp.GetRequiredService<AuditTrail>();
        var node = Options.NodeName;
        var target = await db.PostTargets.FirstAsync(t => t.Id == targetId, ct);
        if (target.LeaseOwner != node) return;
        var post = await db.Posts.AsNoTracking().FirstAsync(p => p.Id == target.PostId, ct);
        var account = await db.OfficialAccounts.AsNoTracking().FirstAsync(a => a.Id == target.AccountId, ct);
        var credential = await db.PlatformCredentials.AsNoTracking().FirstOrDefaultAsync(c => c.AccountId == account.Id, ct);
        var network = Networks.Of(account.Platform);
        if (post.Status != PostStatus.Publishing)
        {
            await ReleaseAsync(db, target, ct);
            return;
        }
        if (network is null || credential is null)
        {
            // No API for this account: staff post it by hand and record the URL (the Manual connector).
            target.Status = TargetStatus.AwaitingManual;
            target.NextAttemptAt = null;
            await FinishAsync(db, audit, target, post, "post.awaiting-manual", new { Account = account.Name }, ct);
            return;
        }
        var connection = sp.GetRequiredService<CredentialVault>().Open(credential, Options.BaseUrls.GetValueOrDefault(network.Value.ToString()) ?? "https://invalid.example");
        var images = await db.PostImages.AsNoTracking().Where(i => i.PostId == post.Id).OrderBy(i => i.Position).ToListAsync(ct);
        var now = time.GetUtcNow();
        target.FirstAttemptAt ??= now;
        var request = new PublishRequest(connection!, target.IdempotencyKey, post.Text,
            images.Select(i => new MediaItem(i.ContentType, i.Content, i.AltText, PublicMedia.Url(Options.PublicBaseUrl, i))).ToList(), target.FirstAttemptAt.Value);
        var connector = connectors.For(network.Value);

        // An earlier attempt's outcome is unknown: find out before sending anything again — unless the platform's
        // idempotency key still makes the resend a no-op.
        var keyStillHolds = now - target.FirstAttemptAt.Value < Networks.SafeResendWindow(network.Value);
        if (target.Status == TargetStatus.Publishing && !keyStillHolds)
        {
            var found = await FindAsync(connector, request, ct);
            var check = NewAttempt(target, node, now);
            db.PublishAttempts.Add(check);
            check.FinishedAt = time.GetUtcNow();
            switch (found)
            {
                case FindResult.Found f:
                    check.Outcome = AttemptOutcome.Found;
                    check.Detail = "前回の試行で公開済みであることを確認しました。";
                    Published(target, f.ExternalId, f.Url);
                    await FinishAsync(db, audit, target, post, "post.published", new { Account = account.Name, target.ExternalId, target.Url, Reconciled = true }, ct);
                    return;
                case FindResult.NotFound:
                    check.Outcome = AttemptOutcome.NotFound;
                    check.Detail = "前回の試行は公開されていませんでした。送信し直します。";
                    break;
                case FindResult.Unknown u when target.Attempts < Options.MaxAttempts:
                    // The read-back itself failed (rate limit, outage): still unknown, so nothing is sent; ask again later.
                    check.Outcome = AttemptOutcome.Ambiguous;
                    check.Detail = "確認できませんでした: " + u.Reason;
                    target.LastError = check.Detail;
                    target.NextAttemptAt = time.GetUtcNow() + Backoff(target.Attempts);
                    await ReleaseAsync(db, target, ct);
                    return;
                case FindResult.Unknown u:
                    check.Outcome = AttemptOutcome.Failed;
                    check.Detail = u.Reason;
                    Failed(target, "公開されたかどうか確認できません。プラットフォームで確かめ、公開されていれば URL を記録してください: " + u.Reason);
                    await FinishAsync(db, audit, target, post, "post.publish-failed", new { Account = account.Name, target.LastError }, ct);
                    return;
            }
        }

        // A few quick retries within the lease (each one recorded below); a longer wait is rescheduled instead.
        var pipeline = PublishResilience.Create(new PublishResilienceOptions(MaxAttempts: 3, BaseDelay: TimeSpan.FromSeconds(1),
            MaxDelay: TimeSpan.FromSeconds(Math.Max(1, Math.Min(30, Options.LeaseSeconds / 4)))), time);
        var result = await pipeline.ExecuteAsync(async token =>
        {
            // The outbox: the attempt is on record, and committed, before the platform hears of it.
            var attempt = NewAttempt(target, node, time.GetUtcNow());
            db.PublishAttempts.Add(attempt);
            target.Status = TargetStatus.Publishing;
            await db.SaveChangesAsync(token);
            var answer = await CallAsync(connector, request, token);
            attempt.FinishedAt = time.GetUtcNow();
            (attempt.Outcome, attempt.Detail) = answer switch
            {
                PublishResult.Published p => (AttemptOutcome.Published, p.Url),
                PublishResult.Retry r => (AttemptOutcome.Retry, r.Reason),
                PublishResult.Ambiguous a => (AttemptOutcome.Ambiguous, a.Reason),
                PublishResult.Failed f => (AttemptOutcome.Failed, f.Reason),
                _ => (AttemptOutcome.Failed, "不明な応答"),
            };
            if (answer is PublishResult.Retry) target.Status = TargetStatus.Pending; // nothing was published
            await db.SaveChangesAsync(token);
            return answer;
        }, ct);

        now = time.GetUtcNow();
        switch (result)
        {
            case PublishResult.Published p:
                Published(target, p.ExternalId, p.Url);
                await FinishAsync(db, audit, target, post, "post.published", new { Account = account.Name, target.ExternalId, target.Url }, ct);
                break;
            case PublishResult.Retry r when target.Attempts < Options.MaxAttempts:
                target.Status = TargetStatus.Pending;
                target.NextAttemptAt = now + (r.After ?? Backoff(target.Attempts));
                target.LastError = r.Reason;
                await ReleaseAsync(db, target, ct);
                break;
            case PublishResult.Retry r:
                Failed(target, $"{target.Attempts} 回試みましたが公開できませんでした: {r.Reason}");
                await FinishAsync(db, audit, target, post, "post.publish-failed", new { Account = account.Name, target.LastError }, ct);
                break;
            case PublishResult.Ambiguous a:
                // Stays 公開処理中: the next round reconciles (or, where the key makes it safe, resends).
                target.NextAttemptAt = now + TimeSpan.FromSeconds(Math.Min(30, 2 * target.Attempts));
                target.LastError = a.Reason;
                if (target.Attempts >= Options.MaxAttempts)
                {
                    Failed(target, "応答が得られず、公開されたか確認できません。プラットフォームで確かめてください: " + a.Reason);
                    await FinishAsync(db, audit, target, post, "post.publish-failed", new { Account = account.Name, target.LastError }, ct);
                }
                else await ReleaseAsync(db, target, ct);
                break;
            case PublishResult.Failed f:
                Failed(target, f.Reason);
                await FinishAsync(db, audit, target, post, "post.publish-failed", new { Account = account.Name, target.LastError }, ct);
                break;
        }
    }

    private async Task<PublishResult> CallAsync(IPlatformConnector connector, PublishRequest request, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(Options.CallTimeoutSeconds));
        try
        {
            return await connector.PublishAsync(request, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new PublishResult.Ambiguous("応答がありませんでした（タイムアウト）。");
        }
        catch (HttpRequestException e)
        {
            return new PublishResult.Ambiguous($"通信が途中で切れました（{e.HttpRequestError}）。");
        }
    }

    private async Task<FindResult> FindAsync(IPlatformConnector connector, PublishRequest request, CancellationToken ct)
    {
        // Reading back may take many pages (a burst of posts since): a budget of several calls, within the lease.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Min(Options.CallTimeoutSeconds * 10, Math.Max(Options.CallTimeoutSeconds, Options.LeaseSeconds - 2))));
        try
        {
            return await connector.FindAsync(request, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            return new FindResult.Unknown("確認の問い合わせに応答がありませんでした。");
        }
    }

    private static PublishAttempt NewAttempt(PostTarget target, string node, DateTimeOffset at) => new()
    {
        Id = Guid.NewGuid(), TenantId = target.TenantId, TargetId = target.Id, Number = ++target.Attempts, Node = node, StartedAt = at,
        Outcome = AttemptOutcome.Started,
    };

    private static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(600, 5 * Math.Pow(2, Math.Max(0, attempts - 1))));

    private void Published(PostTarget target, string externalId, string? url)
    {
        target.Status = TargetStatus.Published;
        target.ExternalId = externalId;
        target.Url = url;
        target.PublishedAt = time.GetUtcNow();
        target.NextAttemptAt = null;
        target.LastError = null;
    }

    private static void Failed(PostTarget target, string reason)
    {
        target.Status = TargetStatus.Failed;
        target.NextAttemptAt = null;
        target.LastError = reason.Length > 1000 ? reason[..1000] : reason;
    }

    private static async Task ReleaseAsync(KohoDbContext db, PostTarget target, CancellationToken ct)
    {
        target.LeaseOwner = null;
        target.LeaseUntil = null;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Records a target's end, and the post's when every target has ended (公開済 / 公開失敗), audited together.</summary>
    private async Task FinishAsync(KohoDbContext db, AuditTrail audit, PostTarget target, Post post, string action, object summary, CancellationToken ct)
    {
        target.LeaseOwner = null;
        target.LeaseUntil = null;
        var entries = new List<AuditEntry> { new(target.TenantId, AuditActor.System, action, "post", post.Id.ToString(), After: AuditSummary.Of(summary)) };
        var others = await db.PostTargets.Where(t => t.PostId == post.Id && t.Id != target.Id).Select(t => t.Status).ToListAsync(ct);
        var all = others.Append(target.Status).ToList();
        if (all.All(s => s is TargetStatus.Published or TargetStatus.Failed or TargetStatus.Cancelled))
        {
            var tracked = await db.Posts.FirstAsync(p => p.Id == post.Id, ct);
            tracked.Status = all.All(s => s == TargetStatus.Published) ? PostStatus.Published : PostStatus.Failed;
            tracked.UpdatedAt = time.GetUtcNow();
            entries.Add(new AuditEntry(target.TenantId, AuditActor.System, tracked.Status == PostStatus.Published ? "post.all-published" : "post.failed",
                "post", post.Id.ToString(), After: AuditSummary.Of(new { Status = tracked.Status.Label() })));
        }
        await audit.SaveAsync(entries, ct);
    }
}
