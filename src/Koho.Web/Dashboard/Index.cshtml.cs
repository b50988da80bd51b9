using Koho.Web.Accounts;
using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Koho.Web.Dashboard;

/// <summary>What needs the signed-in user's attention, by role. Each feature adds its own items here.</summary>
public sealed class DashboardModel(KohoDbContext db, Applications.OpeningApplicationService applications, Packs.GuidelinePackService packs,
    Posts.EmergencyPosting emergency, Incidents.IncidentQueries incidents, Watch.WatchService watch, PrivateUse.Acknowledgements acknowledgements, Contractors.OutsideOrganizations outside,
    TimeProvider time, IStringLocalizer<SharedResource> L) : PageModel
{
    public string TenantName { get; private set; } = "";
    public string DisplayName { get; private set; } = "";
    public string? DepartmentName { get; private set; }
    public List<AttentionItem> Attention { get; } = [];
    public List<AccountRow> DepartmentAccounts { get; private set; } = [];
    public List<string> RoleLabels { get; private set; } = [];
    /// <summary>For a person of an outside organisation: the organisation and the accounts entrusted to it.</summary>
    public Contractors.OutsideOrganization? Outside { get; private set; }

    public async Task OnGetAsync()
    {
        var me = CurrentUser.From(User);
        var tenant = await db.Tenants.FirstAsync(t => t.Id == me.TenantId);
        var user = await db.TenantUsers.FirstAsync(u => u.Id == me.Id);
        TenantName = tenant.Name;
        DisplayName = user.DisplayName;
        DepartmentName = await db.Departments.Where(d => d.Id == user.DepartmentId).Select(d => d.Name).FirstOrDefaultAsync();
        var roles = KohoRoles.All.Where(User.IsInRole).ToList();
        RoleLabels = roles.Select(r => KohoRoles.Label(r, tenant.Offices)).ToList();

        if (Contractors.OutsideAccess.IsOutside(User))
        {
            await OutsideAsync(me, tenant);
            return;
        }

        if (!user.TwoFactorEnabled && roles.Any(KohoRoles.Approvers.Contains))
            Attention.Add(new("warn", L["承認を行う役割です。二要素認証を設定してください。"], "/profile/two-factor"));

        // Incidents: unread notifications, levels waiting for this user's acknowledgement, overdue steps; the watch's alerts.
        var unread = await db.Notifications.CountAsync(n => n.RecipientId == me.Id && n.ReadAt == null);
        if (unread > 0) Attention.Add(new("warn", string.Format(L["未読のお知らせが {0} 件あります。"], unread), "/notifications"));
        var visible = await incidents.VisibleAsync(User, Incidents.IncidentStatus.Open, null, default);
        if (visible.Count(r => r.WaitingForMe) is > 0 and var waitingAck)
            Attention.Add(new("error", string.Format(L["あなたの確認を待っているインシデントが {0} 件あります。"], waitingAck), "/incidents?status=Open"));
        if (visible.Count(r => r.MyOverdueSteps > 0) is > 0 and var lateIncidents)
            Attention.Add(new("error", string.Format(L["あなたの担当で期限を過ぎた対応手順のあるインシデントが {0} 件あります。"], lateIncidents), "/incidents?status=Open"));
        else if (visible.Count > 0)
            Attention.Add(new("info", string.Format(L["対応中のインシデントが {0} 件あります。"], visible.Count), "/incidents?status=Open"));
        var watched = await watch.WatchedAccountIdsAsync(User, default);
        var openAlerts = await db.WatchAlerts.AsNoTracking().Where(a => a.Status == Watch.WatchAlertStatus.Open)
            .Select(a => a.AccountId).ToListAsync();
        var mineAlerts = Watch.WatchService.WatchesAll(User) ? openAlerts.Count : openAlerts.Count(a => a is { } id && watched.Contains(id));
        if (mineAlerts > 0) Attention.Add(new("error", string.Format(L["監視からの未対応の通知（言及の急増・なりすまし候補）が {0} 件あります。"], mineAlerts), "/watch"));

        // The guideline HR published: this user's confirmation; for HR, who has not confirmed and a newer version not yet published.
        var notice = await acknowledgements.CurrentAsync();
        if (notice is not null && await acknowledgements.MineAsync(me.Id, notice.Id) is null)
            Attention.Add(new(notice.DueOn is { } due && due < Shell.JapaneseDates.TodayJst(time) ? "error" : "warn",
                string.Format(L["ガイドライン（{0}）を読んで確認してください。"], notice.PackTitle), "/private-use/acknowledge"));
        if (PrivateUse.Acknowledgements.Manages(User))
        {
            var inForce = await packs.ForTenantAsync(me.TenantId);
            if (notice is null || notice.PackSha256 != PrivateUse.Acknowledgements.Fingerprint(inForce))
                Attention.Add(new("warn", string.Format(L["有効なガイドライン（{0}）をまだ職員に周知していません。"], inForce.Reference), "/private-use/acknowledgements"));
            else
            {
                var staff = await db.StaffUsers.CountAsync();
                var confirmed = await db.GuidelineAcknowledgements.CountAsync(a => a.NoticeId == notice.Id && db.StaffUsers.Any(u => u.Id == a.UserId));
                if (confirmed < staff)
                    Attention.Add(new("info", string.Format(L["ガイドラインを確認していない職員が {0} 人います。"], staff - confirmed), "/private-use/acknowledgements?unconfirmed=true"));
            }
        }

        // Outside organisations this user answers for whose period ends within 30 days (or has ended without being closed).
        var todayJst = Shell.JapaneseDates.TodayJst(time);
        foreach (var o in await outside.EndingForAsync(me.Id, default))
            Attention.Add(o.PeriodTo < todayJst
                ? new("error", string.Format(L["「{0}」の{1}は終わっています。運用の終了を記録してください。"], o.Name, Contractors.OutsideKindLabels.PeriodLabel(o.Kind)), $"/contractors/{o.Id}")
                : new("warn", string.Format(L["「{0}」の{1}があと {2} 日で終わります。"], o.Name, Contractors.OutsideKindLabels.PeriodLabel(o.Kind), o.PeriodTo.DayNumber - todayJst.DayNumber), $"/contractors/{o.Id}"));

        // Opening applications waiting for this user (a step of a role they hold, or their own returned one).
        var waiting = await applications.WaitingForAsync(Applications.ApplicationPages.ActorOf(User));
        if (waiting.Count > 0)
            Attention.Add(new("warn", string.Format(L["あなたの対応を待っている開設申請が {0} 件あります。"], waiting.Count), "/applications"));

        // Posts: waiting for this user's decision; the user's own posts returned, or not approved in time (not published).
        var tenantPack = (await packs.ForTenantAsync(me.TenantId)).Pack;
        if (roles.Contains(Applications.ApplicationLabels.RoleOf(tenantPack.Approval.Approver)))
        {
            var queue = await Posts.PostsQueries.QueueAsync(db, User, tenantPack, HttpContext.RequestAborted);
            if (queue.Count > 0)
                Attention.Add(new("warn", string.Format(L["あなたの承認を待っている投稿が {0} 件あります。"], queue.Count), "/posts/approvals"));
        }
        var returned = await db.Posts.CountAsync(p => p.AuthorId == me.Id && p.Status == Posts.PostStatus.Returned);
        if (returned > 0)
            Attention.Add(new("warn", string.Format(L["差し戻された投稿が {0} 件あります。"], returned), "/posts?status=Returned"));
        var weekAgo = time.GetUtcNow().AddDays(-7);
        var expired = await db.Posts.CountAsync(p => p.AuthorId == me.Id && p.Status == Posts.PostStatus.Expired && p.UpdatedAt >= weekAgo);
        if (expired > 0)
            Attention.Add(new("error", string.Format(L["予定日時までに承認されず、公開されなかった投稿が {0} 件あります。"], expired), "/posts?status=Expired"));

        // Emergency posts (Musashino 2.1ウ②): the author's report is due; the section head confirms it; overdue ones stand out.
        var now = time.GetUtcNow();
        var myReports = await db.Posts.Where(p => p.AuthorId == me.Id && p.EmergencyScopeId != null && p.ReportedAt == null)
            .Select(p => p.ReportDueAt).ToListAsync();
        if (myReports.Count > 0)
            Attention.Add(new(myReports.Any(d => d < now) ? "error" : "warn",
                string.Format(L["緊急発信した投稿の事後報告が {0} 件必要です（うち期限超過 {1} 件）。"], myReports.Count, myReports.Count(d => d < now)), "/posts/emergency"));
        if (tenantPack.Approval.Emergency.Allowed && roles.Contains(Applications.ApplicationLabels.RoleOf(tenantPack.Approval.Emergency.ReportTo ?? tenantPack.Approval.Approver)))
        {
            var toConfirm = await db.Posts.Where(p => p.EmergencyScopeId != null && p.AuthorId != me.Id && p.ReportConfirmedAt == null).ToListAsync();
            var mine = 0;
            var overdue = 0;
            foreach (var p in toConfirm)
            {
                if (await emergency.ConfirmRefusalAsync(User, p, tenantPack, HttpContext.RequestAborted) is not null) continue;
                if (p.ReportedAt is not null) mine++;
                else if (p.ReportDueAt < now) overdue++;
            }
            if (mine > 0) Attention.Add(new("warn", string.Format(L["確認を待っている緊急発信の事後報告が {0} 件あります。"], mine), "/posts/emergency"));
            if (overdue > 0) Attention.Add(new("error", string.Format(L["事後報告の期限を過ぎた緊急発信が {0} 件あります。"], overdue), "/posts/emergency"));
        }
        var failed = await db.Posts.CountAsync(p => p.AuthorId == me.Id && p.Status == Posts.PostStatus.Failed && p.UpdatedAt >= weekAgo);
        if (failed > 0)
            Attention.Add(new("error", string.Format(L["公開に失敗した投稿が {0} 件あります。"], failed), "/posts?status=Failed"));
        var manual = await db.Posts.CountAsync(p => p.AuthorId == me.Id && p.Status == Posts.PostStatus.Publishing
                                                   && db.PostTargets.Any(t => t.PostId == p.Id && t.Status == Posts.TargetStatus.AwaitingManual));
        if (manual > 0)
            Attention.Add(new("warn", string.Format(L["手動での投稿を待っている投稿が {0} 件あります。"], manual), "/posts?status=Publishing"));

        // Security hygiene: the account manager sees their department's accounts, the PR office and administrators all.
        var everyAccount = roles.Contains(KohoRoles.PrOffice) || roles.Contains(KohoRoles.Administrator);
        if (everyAccount || roles.Contains(KohoRoles.AccountManager))
        {
            var pack = (await packs.ForTenantAsync(me.TenantId)).Pack;
            var accounts = await db.OfficialAccounts.AsNoTracking()
                .Where(a => a.Status != AccountStatus.Deleted && a.Status != AccountStatus.Applying && (everyAccount || a.DepartmentId == user.DepartmentId))
                .ToListAsync();
            var apps = (await db.ConnectedApps.AsNoTracking().ToListAsync()).ToLookup(x => x.AccountId);
            var today = Shell.JapaneseDates.TodayJst(time);
            var needing = accounts.Count(a => AccountHygiene.Check(a, apps[a.Id].ToList(), pack, today).Count > 0);
            if (needing > 0)
                Attention.Add(new("warn", string.Format(L["セキュリティの点検が必要な公式アカウントが {0} 件あります。"], needing), "/accounts"));
            var from = AccountActivity.LastTwelveMonths(today)[0];
            var posts = await AccountActivity.MonthlyAsync(db, accounts.Select(a => a.Id).ToList(), from, HttpContext.RequestAborted);
            var quiet = accounts.Count(a => AccountActivity.Check(a, posts[a.Id], pack, today).Count > 0);
            if (quiet > 0)
                Attention.Add(new("warn", string.Format(L["投稿の頻度が基準を満たしていない公式アカウントが {0} 件あります。"], quiet), "/accounts"));
            var reviews = (await db.YearEndReviews.AsNoTracking().Select(r => new { r.AccountId, r.FiscalYear }).ToListAsync()).ToLookup(r => r.AccountId, r => r.FiscalYear);
            var yearEnd = accounts.Count(a => YearEnd.DueFiscalYear(a, pack, today, reviews[a.Id].ToHashSet()) is not null);
            var stopped = await db.OfficialAccounts.AsNoTracking().Where(a => a.Status == AccountStatus.Suspended && (everyAccount || a.DepartmentId == user.DepartmentId)).ToListAsync();
            var lastChecks = (await db.WatchChecks.AsNoTracking().GroupBy(w => w.AccountId).Select(g => new { g.Key, Last = g.Max(w => w.CheckedOn) }).ToListAsync())
                .ToDictionary(x => x.Key, x => x.Last);
            var watch = stopped.Count(a => Withdrawal.WatchDue(a, pack, today, lastChecks.TryGetValue(a.Id, out var l) ? l : null) is not null);
            if (watch > 0)
                Attention.Add(new("warn", string.Format(L["状況の確認が必要な停止アカウントが {0} 件あります。"], watch), "/accounts?status=Suspended"));
            if (yearEnd > 0)
                Attention.Add(new("warn", string.Format(L["年度末の手続（計画の更新・点検）が必要な公式アカウントが {0} 件あります。"], yearEnd), "/accounts"));
        }

        if (roles.Contains(KohoRoles.PrOffice) || roles.Contains(KohoRoles.ItOffice) || roles.Contains(KohoRoles.Administrator))
        {
            var applying = await db.OfficialAccounts.CountAsync(a => a.Status == AccountStatus.Applying);
            if (applying > 0)
                Attention.Add(new("info", string.Format(L["申請中の公式アカウントが {0} 件あります。"], applying), "/accounts?status=Applying"));
        }

        if (roles.Contains(KohoRoles.Administrator))
        {
            var approverRoleIds = await db.Roles.Where(r => KohoRoles.Approvers.Contains(r.Name!)).Select(r => r.Id).ToListAsync();
            var without2fa = await db.TenantUsers.CountAsync(u => !u.TwoFactorEnabled &&
                db.UserRoles.Any(ur => ur.UserId == u.Id && approverRoleIds.Contains(ur.RoleId)));
            if (without2fa > 0)
                Attention.Add(new("info", string.Format(L["二要素認証を設定していない承認者が {0} 人います。"], without2fa), "/organization/users"));
        }

        DepartmentAccounts = await db.OfficialAccounts
            .Where(a => a.DepartmentId == user.DepartmentId && a.Status != AccountStatus.Deleted)
            .OrderBy(a => a.Name)
            .Select(a => new AccountRow(a.Name, a.Platform.Label(), a.Status.Label()))
            .ToListAsync();
    }

    /// <summary>
    /// An outside organisation's person sees their confirmations, their own posts' outcomes and the accounts entrusted to
    /// the organisation — nothing of the municipality's other accounts, incidents or staff.
    /// </summary>
    private async Task OutsideAsync(CurrentUser me, Tenant tenant)
    {
        var ct = HttpContext.RequestAborted;
        var readiness = await Contractors.OutsideReadiness.OfAsync(db, User, packs, ct);
        Outside = readiness?.Organization;
        if (readiness is { GuidelineConfirmed: false })
            Attention.Add(new("warn", string.Format(L["投稿を作成する前に、ガイドライン（{0}）を読んで確認してください。"], readiness.Pack.Pack.Title), "/contractors/confirm"));
        if (readiness is { ClausesConfirmed: false })
            Attention.Add(new("warn", L["団体の代表者による契約条項（SNS の運用）の確認が済んでいません。"], "/contractors/confirm"));
        var unread = await db.Notifications.CountAsync(n => n.RecipientId == me.Id && n.ReadAt == null, ct);
        if (unread > 0) Attention.Add(new("warn", string.Format(L["未読のお知らせが {0} 件あります。"], unread), "/notifications"));
        var returned = await db.Posts.CountAsync(p => p.AuthorId == me.Id && p.Status == Posts.PostStatus.Returned, ct);
        if (returned > 0) Attention.Add(new("warn", string.Format(L["差し戻された投稿が {0} 件あります。"], returned), "/posts?status=Returned"));
        var weekAgo = time.GetUtcNow().AddDays(-7);
        var failed = await db.Posts.CountAsync(p => p.AuthorId == me.Id && (p.Status == Posts.PostStatus.Failed || p.Status == Posts.PostStatus.Expired) && p.UpdatedAt >= weekAgo, ct);
        if (failed > 0) Attention.Add(new("error", string.Format(L["公開されなかった投稿（承認の期限切れ・公開の失敗）が {0} 件あります。"], failed), "/posts"));
        var entrusted = (await Contractors.OutsideAccess.AccountIdsAsync(db, User, ct) ?? []).ToList();
        DepartmentAccounts = await db.OfficialAccounts.Where(a => entrusted.Contains(a.Id) && a.Status != AccountStatus.Deleted).OrderBy(a => a.Name)
            .Select(a => new AccountRow(a.Name, a.Platform.Label(), a.Status.Label())).ToListAsync(ct);
        RoleLabels = [KohoRoles.Label(KohoRoles.Operator, tenant.Offices)];
    }

    public sealed record AttentionItem(string Level, string Text, string Href);
    public sealed record AccountRow(string Name, string Platform, string Status);
}
