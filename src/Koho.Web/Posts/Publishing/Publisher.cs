using Koho.Connectors;
using Koho.Web.Accounts;
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
        var due = await DueAsync(ct);
        var worked = 0;
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Options.Parallelism), CancellationToken = ct },
            async (target, token) =>
            {
                try
                {
                    // Taken only now, when this worker is free: a lease is never spent waiting in a queue.
                    if (await TryClaimAsync(target.Id, token) is not { } lease) return;
                    Interlocked.Increment(ref worked);
                    await PublishTargetAsync(target.Id, target.TenantId, lease, token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The lease runs out and the next round reconciles; one target's trouble stops no other.
                    log.LogError(e, "Publishing target {Target} failed unexpectedly", target.Id);
                }
            });
        await SettlePostsAsync(ct);
        await using (var scope = scopes.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<PostService>().ExpireOverdueAsync(ct);
        return worked;
    }

    /// <summary>
    /// 公開処理中 posts whose targets have all ended get their final state here too — two targets finishing at the same
    /// moment can each see the other still running.
    /// </summary>
    private async Task SettlePostsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KohoDbContext>();
        var open = await db.Posts.IgnoreQueryFilters().Where(p => p.Status == PostStatus.Publishing
                && !db.PostTargets.IgnoreQueryFilters().Any(t => t.PostId == p.Id && !PostOutcome.Ended.Contains(t.Status)))
            .Select(p => new { p.Id, p.TenantId }).Take(200).ToListAsync(ct);
        foreach (var item in open)
        {
            await using var postScope = scopes.CreateAsyncScope();
            var sp = postScope.ServiceProvider;
            sp.GetRequiredService<TenantContext>().Use(item.TenantId);
            var pdb = sp.GetRequiredService<KohoDbContext>();
            var post = await pdb.Posts.FirstAsync(p => p.Id == item.Id, ct);
            var statuses = await pdb.PostTargets.Where(t => t.PostId == post.Id).Select(t => t.Status).ToListAsync(ct);
            if (PostOutcome.Of(statuses) is not { } final || post.Status != PostStatus.Publishing) continue;
            post.Status = final;
            post.UpdatedAt = time.GetUtcNow();
            try
            {
                await sp.GetRequiredService<AuditTrail>().SaveAsync(new AuditEntry(post.TenantId, AuditActor.System,
                    final == PostStatus.Published ? "post.all-published" : "post.failed", "post", post.Id.ToString(),
                    After: AuditSummary.Of(new { Status = final.Label() })), ct);
            }
            catch (DbUpdateConcurrencyException) { }
        }
    }

    /// <summary>承認済 posts whose time has come (and that no pause holds) move to 公開処理中; their targets become due.</summary>
    private async Task StartDuePostsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KohoDbContext>();
        var now = time.GetUtcNow();
        var pauses = await ActivePausesAsync(db, ct);
        var (pausedTenants, pausedAccounts) = (pauses.Where(p => p.AccountId == null).Select(p => p.TenantId).ToList(),
            pauses.Where(p => p.AccountId != null).Select(p => p.AccountId!.Value).ToList());
        // Pauses are filtered in the query, so that a paused account's posts never crowd out everyone else's.
        var due = await db.Posts.IgnoreQueryFilters()
            .Where(p => p.Status == PostStatus.Approved && (p.ScheduledAt == null || p.ScheduledAt <= now) && !pausedTenants.Contains(p.TenantId)
                        && !db.PostTargets.IgnoreQueryFilters().Any(t => t.PostId == p.Id && pausedAccounts.Contains(t.AccountId)))
            .OrderBy(p => p.ScheduledAt).Select(p => new { p.Id, p.TenantId }).Take(200).ToListAsync(ct);
        if (due.Count == 0) return;
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

    private sealed record Due(Guid Id, Guid TenantId);

    /// <summary>Targets due now whose lease has run out, paused ones left out (in the query: they never crowd out others).</summary>
    private async Task<List<Due>> DueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KohoDbContext>();
        var now = time.GetUtcNow();
        var pauses = await ActivePausesAsync(db, ct);
        var pausedTenants = pauses.Where(p => p.AccountId == null).Select(p => p.TenantId).ToList();
        var pausedAccounts = pauses.Where(p => p.AccountId != null).Select(p => p.AccountId!.Value).ToList();
        return await db.PostTargets.IgnoreQueryFilters()
            .Where(t => (t.Status == TargetStatus.Pending || t.Status == TargetStatus.Publishing) && t.NextAttemptAt != null && t.NextAttemptAt <= now
                        && (t.LeaseUntil == null || t.LeaseUntil < now) && !pausedTenants.Contains(t.TenantId) && !pausedAccounts.Contains(t.AccountId))
            .OrderBy(t => t.NextAttemptAt).Select(t => new Due(t.Id, t.TenantId)).Take(Math.Max(1, Options.BatchSize)).ToListAsync(ct);
    }

    /// <summary>
    /// Takes one target with a lease of its own (node and a fresh id): the conditional update is the lock — of two nodes
    /// racing for a target exactly one changes the row, and only while it is still due and unfinished.
    /// </summary>
    private async Task<string?> TryClaimAsync(Guid targetId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KohoDbContext>();
        var now = time.GetUtcNow();
        var lease = $"{Options.NodeName}/{Guid.NewGuid():N}";
        var until = now.AddSeconds(LeaseSeconds);
        var taken = await db.PostTargets.IgnoreQueryFilters()
            .Where(t => t.Id == targetId && (t.LeaseUntil == null || t.LeaseUntil < now)
                        && (t.Status == TargetStatus.Pending || t.Status == TargetStatus.Publishing) && t.NextAttemptAt != null && t.NextAttemptAt <= now)
            .ExecuteUpdateAsync(x => x.SetProperty(t => t.LeaseOwner, lease).SetProperty(t => t.LeaseUntil, until), ct);
        return taken == 1 ? lease : null;
    }

    /// <summary>The lease, never shorter than one call and its margin (a call must end before another node may take over).</summary>
    private int LeaseSeconds => Math.Max(Options.LeaseSeconds, Options.CallTimeoutSeconds + 5);

    /// <summary>
    /// Renews the lease before each call to the platform, saving pending changes with it. The lease is a concurrency
    /// token: if another node took the target over meanwhile, this save fails and the call is not made.
    /// </summary>
    private async Task<bool> RenewAsync(KohoDbContext db, PostTarget target, CancellationToken ct)
    {
        target.LeaseUntil = time.GetUtcNow().AddSeconds(LeaseSeconds);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            log.LogWarning("Target {Target} was taken over by another node; this node stops working on it", target.Id);
            return false;
        }
    }

    private static Task<List<PublishingPause>> ActivePausesAsync(KohoDbContext db, CancellationToken ct) =>
        db.PublishingPauses.IgnoreQueryFilters().AsNoTracking().Where(p => p.ResumedAt == null).ToListAsync(ct);

    private async Task PublishTargetAsync(Guid targetId, Guid tenantId, string lease, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        sp.GetRequiredService<TenantContext>().Use(tenantId);
        var db = sp.GetRequiredService<KohoDbContext>();
        var audit = sp.GetRequiredService<AuditTrail>();
        var node = Options.NodeName;
        var target = await db.PostTargets.FirstAsync(t => t.Id == targetId, ct);
        if (target.LeaseOwner != lease || target.Status is not (TargetStatus.Pending or TargetStatus.Publishing)) return;
        var post = await db.Posts.AsNoTracking().FirstAsync(p => p.Id == target.PostId, ct);
        var account = await db.OfficialAccounts.AsNoTracking().FirstAsync(a => a.Id == target.AccountId, ct);
        var credential = await db.PlatformCredentials.AsNoTracking().FirstOrDefaultAsync(c => c.AccountId == account.Id, ct);
        var network = Networks.Of(account.Platform);
        if (post.Status != PostStatus.Publishing)
        {
            await ReleaseAsync(db, target, ct);
            return;
        }
        if (account.Status is not (AccountStatus.Operating or AccountStatus.SuspensionNoticed) && target.Status == TargetStatus.Pending)
        {
            // Stopped since it was approved: nothing more goes out on it.
            target.Status = TargetStatus.Cancelled;
            target.NextAttemptAt = null;
            target.LastError = $"アカウントが「{account.Status.Label()}」になったため公開しませんでした。";
            await FinishAsync(db, audit, target, post, "post.publish-cancelled", new { Account = account.Name, target.LastError }, ct);
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
        if (target.Attempts >= 2 * Options.MaxAttempts)
        {
            // Rounds that keep ending in an unexpected error must not go on for ever unseen.
            Failed(target, "公開の処理が繰り返し失敗しました。プラットフォームで公開されているか確かめ、必要なら URL を記録してください。");
            await FinishAsync(db, audit, target, post, "post.publish-failed", new { Account = account.Name, target.LastError }, ct);
            return;
        }
        Connection connection;
        try
        {
            connection = sp.GetRequiredService<CredentialVault>().Open(credential, Options.BaseUrls.GetValueOrDefault(network.Value.ToString()) ?? "https://invalid.example");
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or UriFormatException or System.Text.Json.JsonException)
        {
            Failed(target, "投稿の連携設定を読み出せません。アカウントの画面で連携を設定し直してください。");
            await FinishAsync(db, audit, target, post, "post.publish-failed", new { Account = account.Name, target.LastError }, ct);
            return;
        }
        var images = await db.PostImages.AsNoTracking().Where(i => i.PostId == post.Id).OrderBy(i => i.Position).ToListAsync(ct);
        var now = time.GetUtcNow();
        target.FirstAttemptAt ??= now;
        var request = new PublishRequest(connection, target.IdempotencyKey, post.Text,
            images.Select(i => new MediaItem(i.ContentType, i.Content, i.AltText, PublicMedia.Url(Options.PublicBaseUrl, i))).ToList(), target.FirstAttemptAt.Value);
        var connector = connectors.For(network.Value);
        var keyed = Networks.SafeResendWindow(network.Value) > TimeSpan.Zero;

        // An earlier attempt's outcome is unknown: find out before sending anything again — unless the platform's
        // idempotency key still makes the resend a no-op.
        var keyStillHolds = now - target.FirstAttemptAt.Value < Networks.SafeResendWindow(network.Value);
        if (target.Status == TargetStatus.Publishing && !keyStillHolds)
        {
            // Timelines lag: a post made a moment ago may not be listed yet, so a read-back too soon could miss it.
            var lastStart = await db.PublishAttempts.Where(a => a.TargetId == target.Id).MaxAsync(a => (DateTimeOffset?)a.StartedAt, ct);
            if (lastStart is { } started && now - started < TimeSpan.FromSeconds(Options.ReconcileDelaySeconds))
            {
                target.NextAttemptAt = started.AddSeconds(Options.ReconcileDelaySeconds);
                await ReleaseAsync(db, target, ct);
                return;
            }
            if (!await RenewAsync(db, target, ct)) return;
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
        var lost = false;
        var pipeline = PublishResilience.Create(new PublishResilienceOptions(MaxAttempts: 3, BaseDelay: TimeSpan.FromSeconds(1),
            MaxDelay: TimeSpan.FromSeconds(Math.Max(1, Math.Min(30, LeaseSeconds / 4)))), time);
        var result = await pipeline.ExecuteAsync(async token =>
        {
            // The outbox: the attempt is on record, committed with a renewed lease, before the platform hears of it.
            var attempt = NewAttempt(target, node, time.GetUtcNow());
            db.PublishAttempts.Add(attempt);
            target.Status = TargetStatus.Publishing;
            if (!await RenewAsync(db, target, token))
            {
                lost = true;
                return new PublishResult.Failed("lease lost", null);
            }
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
            // Where a key dedupes, "try again" may follow a send that got through: stays 公開処理中, resent with the key or
            // read back. Elsewhere nothing was published.
            if (answer is PublishResult.Retry && !keyed) target.Status = TargetStatus.Pending;
            await db.SaveChangesAsync(token);
            return answer;
        }, ct);
        if (lost) return;

        now = time.GetUtcNow();
        switch (result)
        {
            case PublishResult.Published p:
                Published(target, p.ExternalId, p.Url);
                await FinishAsync(db, audit, target, post, "post.published", new { Account = account.Name, target.ExternalId, target.Url }, ct);
                break;
            case PublishResult.Retry r when target.Attempts < Options.MaxAttempts:
                target.NextAttemptAt = now + (r.After ?? Backoff(target.Attempts));
                target.LastError = r.Reason;
                await ReleaseAsync(db, target, ct);
                break;
            case PublishResult.Retry r:
                Failed(target, keyed
                    ? $"{target.Attempts} 回試みましたが、公開を確認できませんでした。プラットフォームで確かめ、公開されていれば URL を記録してください: {r.Reason}"
                    : $"{target.Attempts} 回試みましたが公開できませんでした: {r.Reason}");
                await FinishAsync(db, audit, target, post, "post.publish-failed", new { Account = account.Name, target.LastError }, ct);
                break;
            case PublishResult.Ambiguous a:
                // Stays 公開処理中: the next round reconciles (or, where the key makes it safe, resends).
                target.NextAttemptAt = now + TimeSpan.FromSeconds(keyed ? Math.Min(30, 2 * target.Attempts) : Math.Max(Options.ReconcileDelaySeconds, 1));
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
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(Options.CallTimeoutSeconds, LeaseSeconds - 3)));
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
        if (PostOutcome.Of(others.Append(target.Status).ToList()) is { } final)
        {
            var tracked = await db.Posts.FirstAsync(p => p.Id == post.Id, ct);
            tracked.Status = final;
            tracked.UpdatedAt = time.GetUtcNow();
            entries.Add(new AuditEntry(target.TenantId, AuditActor.System, final == PostStatus.Published ? "post.all-published" : "post.failed",
                "post", post.Id.ToString(), After: AuditSummary.Of(new { Status = final.Label() })));
        }
        await audit.SaveAsync(entries, ct);
    }
}
