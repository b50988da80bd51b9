using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Packs;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Accounts;

/// <summary>Changes to official accounts: each validated against the state machine and the pack, and audited.</summary>
/// <summary>The hygiene checklist as the account manager confirms it.</summary>
public sealed record HygieneInput(bool VerifiedBadge, bool TwoFactorEnabled, DateOnly? PasswordChangedOn, bool HomepageLinkInProfile,
    bool PolicyInProfile, bool PolicyOnHomepage, bool AppsReviewed, string? NewAppName, Guid? RemoveAppId);

public sealed partial class AccountService(KohoDbContext db, AuditTrail audit, GuidelinePackService packs, TimeProvider time,
    Microsoft.AspNetCore.OutputCaching.IOutputCacheStore? directoryCache = null)
{
    /// <param name="noticeEndsOn">For 停止予告中: the last day before the account stops (shown in the directory).</param>
    /// <param name="impact">For 停止予告中: the impact assessment, saved with the notice or not at all.</param>
    public async Task<Result<OfficialAccount>> ChangeStatusAsync(Guid tenantId, Guid accountId, AccountStatus to, string? reason,
        DateOnly? noticeEndsOn, AuditActor actor, CancellationToken ct = default, WithdrawalImpact? impact = null)
    {
        var account = await db.OfficialAccounts.FirstOrDefaultAsync(a => a.Id == accountId && a.TenantId == tenantId, ct);
        if (account is null) return Result<OfficialAccount>.Fail(["公式アカウントが見つかりません。"]);
        var pack = (await packs.ForTenantAsync(tenantId, ct)).Pack;
        if (AccountLifecycle.Refusal(account.Status, to, pack) is { } refusal) return Result<OfficialAccount>.Fail([refusal]);
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 500)
            return Result<OfficialAccount>.Fail(["変更の理由を500文字以内で入力してください（監査ログに残ります）。"]);
        var today = Shell.JapaneseDates.TodayJst(time);
        if (to == AccountStatus.SuspensionNoticed && (noticeEndsOn is null || noticeEndsOn <= today))
            return Result<OfficialAccount>.Fail(["停止予告の期限（停止する日）を明日以降の日付で入力してください。"]);
        WithdrawalAssessment? assessment = null;
        if (to == AccountStatus.SuspensionNoticed)
        {
            var assessed = await AssessAsync(account, impact, actor, today, ct);
            if (!assessed.Succeeded) return Result<OfficialAccount>.Fail(assessed.Errors);
            assessment = assessed.Value!;
            db.WithdrawalAssessments.Add(assessment);
        }

        var before = account.Status;
        account.Status = to;
        account.StatusChangedAt = time.GetUtcNow();
        if (to == AccountStatus.Operating && account.OpenedOn is null) account.OpenedOn = today;
        account.NoticeEndsOn = to == AccountStatus.SuspensionNoticed ? noticeEndsOn : null;
        try
        {
            await audit.SaveAsync(new AuditEntry(tenantId, actor, "account.status-changed", "official-account", account.Id.ToString(),
                Before: AuditSummary.Of(new { Status = before.Label() }),
                After: AuditSummary.Of(new { Status = to.Label(), Reason = reason, NoticeEndsOn = account.NoticeEndsOn,
                    Impact = assessment is null ? null : new { assessment.Followers, assessment.MainAccountId, assessment.References, assessment.PostsLastYear } })), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result<OfficialAccount>.Fail([Overlapped]);
        }
        // Citizens see the change at once on this node (other nodes within the cache's minute).
        if (directoryCache is not null) await directoryCache.EvictByTagAsync(PublicDirectory.DirectoryEndpoints.CacheTag, ct);
        return Result<OfficialAccount>.Ok(account);
    }

    /// <summary>
    /// Checks the impact assessment entered with a stop notice (影響評価): the followers affected, a running account
    /// of the municipality to send them to (or none: the homepage), and where the account is referred to.
    /// </summary>
    private async Task<Result<WithdrawalAssessment>> AssessAsync(OfficialAccount account, WithdrawalImpact? impact, AuditActor actor,
        DateOnly today, CancellationToken ct)
    {
        var errors = new List<string>();
        if (impact?.Followers is not (>= 0 and <= 1_000_000_000)) errors.Add("影響評価: 現在のフォロワー数を 0 以上の整数で入力してください。");
        var references = impact?.References?.Trim();
        if (string.IsNullOrEmpty(references)) errors.Add("影響評価: このアカウントを案内している場所（ホームページ、印刷物、QRコードなど。なければ「なし」）を入力してください。");
        else if (references.Length > 2000) errors.Add("影響評価: 案内している場所は2000文字以内にしてください。");
        if (impact?.MainAccountId is { } main)
        {
            var ok = await db.OfficialAccounts.AnyAsync(a => a.Id == main && a.TenantId == account.TenantId && a.Id != account.Id
                                                            && a.Status == AccountStatus.Operating, ct);
            if (!ok) errors.Add("影響評価: フォロワーの案内先には、運用中の別の公式アカウントを選んでください。");
        }
        if (errors.Count > 0) return Result<WithdrawalAssessment>.Fail(errors);
        var since = AccountActivity.LastTwelveMonths(today)[0];
        var posts = (await AccountActivity.MonthlyAsync(db, [account.Id], since, ct))[account.Id].Values.Sum();
        return Result<WithdrawalAssessment>.Ok(new WithdrawalAssessment
        {
            Id = Guid.NewGuid(), TenantId = account.TenantId, AccountId = account.Id, Followers = impact!.Followers!.Value,
            MainAccountId = impact.MainAccountId, References = references!, PostsLastYear = posts,
            AssessedByName = actor.Name, AssessedAt = time.GetUtcNow(),
        });
    }

    /// <summary>
    /// The account manager confirms the hygiene checklist (never a password: only whether and when it changed);
    /// connected apps are reviewed, added or removed in the same confirmation. Audited with before and after.
    /// </summary>
    public async Task<Result<OfficialAccount>> ConfirmHygieneAsync(Guid tenantId, Guid accountId, HygieneInput input, AuditActor actor, CancellationToken ct = default)
    {
        var account = await db.OfficialAccounts.FirstOrDefaultAsync(a => a.Id == accountId && a.TenantId == tenantId, ct);
        if (account is null) return Result<OfficialAccount>.Fail(["公式アカウントが見つかりません。"]);
        if (account.Status is AccountStatus.Deleted) return Result<OfficialAccount>.Fail(["削除済のアカウントは点検できません。"]);
        var today = Shell.JapaneseDates.TodayJst(time);
        if (input.PasswordChangedOn > today) return Result<OfficialAccount>.Fail(["パスワードの変更日に未来の日付は入力できません。"]);
        var newApp = input.NewAppName?.Trim();
        if (newApp is { Length: > 200 }) return Result<OfficialAccount>.Fail(["連携アプリの名前は200文字以内にしてください。"]);
        var apps = await db.ConnectedApps.Where(x => x.AccountId == accountId && x.TenantId == tenantId).ToListAsync(ct);
        if (input.RemoveAppId is { } removeId && apps.All(x => x.Id != removeId)) return Result<OfficialAccount>.Fail(["解除する連携アプリが見つかりません。"]);

        var before = AuditSummary.Of(new { account.VerifiedBadge, account.TwoFactorEnabled, account.PasswordChangedOn, account.HomepageLinkInProfile,
            account.PolicyInProfile, account.PolicyOnHomepage, Apps = apps.Select(x => new { x.Name, x.LastReviewedOn }) });
        account.VerifiedBadge = input.VerifiedBadge;
        account.TwoFactorEnabled = input.TwoFactorEnabled;
        account.PasswordChangedOn = input.PasswordChangedOn;
        account.HomepageLinkInProfile = input.HomepageLinkInProfile;
        account.PolicyInProfile = input.PolicyInProfile;
        account.PolicyOnHomepage = input.PolicyOnHomepage;
        account.HygieneConfirmedOn = today;
        if (input.RemoveAppId is { } remove)
        {
            // Revoking a connection is done on the platform; the register forgets it, the audit record keeps it.
            db.ConnectedApps.Remove(apps.Single(x => x.Id == remove));
            apps.RemoveAll(x => x.Id == remove);
        }
        if (input.AppsReviewed) foreach (var app in apps) app.LastReviewedOn = today;
        if (!string.IsNullOrEmpty(newApp))
        {
            var added = new ConnectedApp { Id = Guid.NewGuid(), TenantId = tenantId, AccountId = accountId, Name = newApp, ConnectedOn = today, LastReviewedOn = today };
            db.ConnectedApps.Add(added);
            apps.Add(added);
        }
        // The outside organisations that run (or ran) the account: the record says whose access the hygiene answers for.
        var runBy = await (from x in db.OutsideAssignments
                           join o in db.OutsideOrganizations on x.OrganizationId equals o.Id
                           where x.AccountId == accountId
                           orderby o.Name
                           select o.Name).ToListAsync(ct);
        await audit.SaveAsync(new AuditEntry(tenantId, actor, "account.hygiene-confirmed", "official-account", account.Id.ToString(),
            Before: before,
            After: AuditSummary.Of(new { account.VerifiedBadge, account.TwoFactorEnabled, account.PasswordChangedOn, account.HomepageLinkInProfile,
                account.PolicyInProfile, account.PolicyOnHomepage, Apps = apps.Select(x => new { x.Name, x.LastReviewedOn }),
                OutsideOrganizations = runBy.Count > 0 ? runBy : null })), ct);
        return Result<OfficialAccount>.Ok(account);
    }

    /// <summary>Records how many posts an account made in a month (months before Koho, posts made outside it); audited.</summary>
    public async Task<Result<MonthlyPosts>> RecordPostsAsync(Guid tenantId, Guid accountId, DateOnly? month, int? posts, AuditActor actor, CancellationToken ct = default)
    {
        var account = await db.OfficialAccounts.FirstOrDefaultAsync(a => a.Id == accountId && a.TenantId == tenantId, ct);
        if (account is null) return Result<MonthlyPosts>.Fail(["公式アカウントが見つかりません。"]);
        var today = Shell.JapaneseDates.TodayJst(time);
        if (month is not { } m || new DateOnly(m.Year, m.Month, 1) > new DateOnly(today.Year, today.Month, 1))
            return Result<MonthlyPosts>.Fail(["今月までの月を選んでください。"]);
        if (posts is not (>= 0 and <= 100_000)) return Result<MonthlyPosts>.Fail(["投稿数を 0 以上の整数で入力してください。"]);
        var first = new DateOnly(m.Year, m.Month, 1);
        var row = await db.MonthlyPosts.FirstOrDefaultAsync(x => x.AccountId == accountId && x.Month == first, ct);
        var before = row?.Posts;
        if (row is null)
        {
            row = new MonthlyPosts { Id = Guid.NewGuid(), TenantId = tenantId, AccountId = accountId, Month = first, EnteredBy = actor.Name };
            db.MonthlyPosts.Add(row);
        }
        row.Posts = posts.Value;
        row.EnteredBy = actor.Name;
        row.EnteredAt = time.GetUtcNow();
        await audit.SaveAsync(new AuditEntry(tenantId, actor, "account.posts-recorded", "official-account", accountId.ToString(),
            Before: before is null ? null : AuditSummary.Of(new { Month = first, Posts = before }),
            After: AuditSummary.Of(new { Month = first, Posts = row.Posts })), ct);
        return Result<MonthlyPosts>.Ok(row);
    }

    /// <summary>
    /// Completes the year-end procedure the pack asks for (plan renewal and/or effectiveness review) for the 年度 due;
    /// the year's posts are taken from the monthly record. Audited.
    /// </summary>
    public async Task<Result<YearEndReview>> CompleteYearEndAsync(Guid tenantId, Guid accountId, bool planRenewed, ReviewOutcome? outcome,
        int? followers, string? existingAccountChecks, string? notes, AuditActor actor, CancellationToken ct = default)
    {
        var account = await db.OfficialAccounts.FirstOrDefaultAsync(a => a.Id == accountId && a.TenantId == tenantId, ct);
        if (account is null) return Result<YearEndReview>.Fail(["公式アカウントが見つかりません。"]);
        var pack = (await packs.ForTenantAsync(tenantId, ct)).Pack;
        var today = Shell.JapaneseDates.TodayJst(time);
        var done = (await db.YearEndReviews.Where(r => r.AccountId == accountId).Select(r => r.FiscalYear).ToListAsync(ct)).ToHashSet();
        if (YearEnd.DueFiscalYear(account, pack, today, done) is not int year)
            return Result<YearEndReview>.Fail(["いま行う年度末の手続はありません。"]);
        var (renewal, review) = YearEnd.Required(pack);
        var errors = new List<string>();
        if (renewal && !planRenewed) errors.Add("次の年度の運用計画書を作成し直したことを確認してください（年度ごとの更新が必要です）。");
        if (review && outcome is null) errors.Add("点検の結論（継続・統合・停止）を選んでください。");
        if (review && string.IsNullOrWhiteSpace(existingAccountChecks)) errors.Add("既存のアカウントで足りないかの確認（3つの観点）を記入してください。");
        if (followers is < 0) errors.Add("フォロワー数は 0 以上で入力してください。");
        if ((notes?.Length ?? 0) > 4000 || (existingAccountChecks?.Length ?? 0) > 4000) errors.Add("記入は4000文字以内にしてください。");
        if (errors.Count > 0) return Result<YearEndReview>.Fail(errors);

        var (start, end) = Shell.JapaneseDates.FiscalYearRange(year);
        var posts = (await AccountActivity.MonthlyAsync(db, [accountId], start, ct))[accountId].Where(kv => kv.Key <= end).Sum(kv => kv.Value);
        var record = new YearEndReview
        {
            Id = Guid.NewGuid(), TenantId = tenantId, AccountId = accountId, FiscalYear = year, PlanRenewed = planRenewed,
            Outcome = review ? outcome : null, Followers = followers, PostsInYear = posts, ExistingAccountChecks = existingAccountChecks?.Trim(),
            Notes = notes?.Trim(), CompletedByName = actor.Name, CompletedAt = time.GetUtcNow(),
        };
        db.YearEndReviews.Add(record);
        await audit.SaveAsync(new AuditEntry(tenantId, actor, "account.year-end-completed", "official-account", accountId.ToString(),
            After: AuditSummary.Of(new { FiscalYear = year, record.PlanRenewed, Outcome = record.Outcome?.Label(), record.Followers, record.PostsInYear })), ct);
        return Result<YearEndReview>.Ok(record);
    }

    /// <summary>Records a periodic check of a stopped account the pack keeps and watches; audited.</summary>
    public async Task<Result<WatchCheck>> RecordWatchCheckAsync(Guid tenantId, Guid accountId, bool intact, string? note, AuditActor actor, CancellationToken ct = default)
    {
        var account = await db.OfficialAccounts.FirstOrDefaultAsync(a => a.Id == accountId && a.TenantId == tenantId, ct);
        if (account is null) return Result<WatchCheck>.Fail(["公式アカウントが見つかりません。"]);
        if (account.Status != AccountStatus.Suspended) return Result<WatchCheck>.Fail(["状況の確認は停止したアカウントについて記録します。"]);
        note = note?.Trim();
        if (!intact && string.IsNullOrEmpty(note)) return Result<WatchCheck>.Fail(["異常があったときは、その内容を記入してください。"]);
        if (note is { Length: > 2000 }) return Result<WatchCheck>.Fail(["記入は2000文字以内にしてください。"]);
        var check = new WatchCheck
        {
            Id = Guid.NewGuid(), TenantId = tenantId, AccountId = accountId, CheckedOn = Shell.JapaneseDates.TodayJst(time),
            Intact = intact, Note = note, CheckedByName = actor.Name,
        };
        db.WatchChecks.Add(check);
        await audit.SaveAsync(new AuditEntry(tenantId, actor, "account.watch-checked", "official-account", accountId.ToString(),
            After: AuditSummary.Of(new { check.CheckedOn, check.Intact, check.Note })), ct);
        return Result<WatchCheck>.Ok(check);
    }

    /// <summary>Said when another person changed the same record between reading and saving: nothing was saved.</summary>
    public const string Overlapped = "同じ記録に対する他の操作と重なったため、保存しませんでした。画面を開き直して確かめてください。";

    /// <summary>Names the account's manager (a 所属長) and its operators (運用担当者); audited with names.</summary>
    public async Task<Result<OfficialAccount>> AssignPeopleAsync(Guid tenantId, Guid accountId, Guid? managerId, IReadOnlyCollection<Guid> operatorIds,
        AuditActor actor, CancellationToken ct = default)
    {
        var account = await db.OfficialAccounts.FirstOrDefaultAsync(a => a.Id == accountId && a.TenantId == tenantId, ct);
        if (account is null) return Result<OfficialAccount>.Fail(["公式アカウントが見つかりません。"]);
        var ids = operatorIds.Append(managerId ?? Guid.Empty).Where(i => i != Guid.Empty).Distinct().ToList();
        var users = await db.TenantUsers.Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct);
        if (users.Count != ids.Count) return Result<OfficialAccount>.Fail(["選ばれた職員が見つかりません。"]);
        if (managerId is { } m)
        {
            var isManager = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
                                   where ur.UserId == m && r.Name == KohoRoles.AccountManager select ur).AnyAsync(ct);
            if (!isManager) return Result<OfficialAccount>.Fail(["運用管理責任者には、所属長（運用管理責任者）の役割を持つ職員を選んでください。"]);
        }
        var existing = await db.AccountOperators.Where(o => o.AccountId == accountId).ToListAsync(ct);
        string Name(Guid id) => users.FirstOrDefault(u => u.Id == id)?.DisplayName ?? id.ToString();
        var before = AuditSummary.Of(new { Manager = account.AccountManagerId, Operators = existing.Select(o => o.UserId) });
        account.AccountManagerId = managerId;
        db.AccountOperators.RemoveRange(existing.Where(o => !operatorIds.Contains(o.UserId)));
        db.AccountOperators.AddRange(operatorIds.Distinct().Where(id => existing.All(o => o.UserId != id))
            .Select(id => new AccountOperator { TenantId = tenantId, AccountId = accountId, UserId = id }));
        try
        {
            await audit.SaveAsync(new AuditEntry(tenantId, actor, "account.people-assigned", "official-account", accountId.ToString(),
                Before: before, After: AuditSummary.Of(new { Manager = managerId is { } mm ? Name(mm) : null, Operators = operatorIds.Distinct().Select(Name) })), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result<OfficialAccount>.Fail([Overlapped]);
        }
        return Result<OfficialAccount>.Ok(account);
    }
}
