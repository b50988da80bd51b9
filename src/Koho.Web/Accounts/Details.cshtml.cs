using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Packs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Koho.Web.Accounts;

/// <summary>One official account: its record and, for those who may, the moves its state machine allows now.</summary>
public sealed class AccountDetailsModel(KohoDbContext db, AccountService accounts, GuidelinePackService packs,
    Posts.Publishing.CredentialVault vault, TimeProvider time, IStringLocalizer<SharedResource> L, Incidents.IncidentScope incidentScope) : PageModel
{
    /// <summary>This account's incidents the user may see, newest first.</summary>
    public List<Incidents.Incident> Incidents { get; private set; } = [];
    public AccountsQueries.AccountView? Account { get; private set; }
    public OfficialAccount? Record { get; private set; }
    /// <summary>Outside organisations running the account, whose people draft for it.</summary>
    public List<(Guid Id, string Name)> RunBy { get; private set; } = [];
    public List<AccountStatus> Next { get; private set; } = [];
    public string? Refusal { get; private set; }
    public bool CanManage { get; private set; }
    public List<string> Errors { get; } = [];
    public List<ConnectedApp> Apps { get; private set; } = [];
    public List<AccountHygiene.Problem> Hygiene { get; private set; } = [];
    public List<AccountActivity.Problem> Activity { get; private set; } = [];
    public IReadOnlyList<DateOnly> Months { get; private set; } = [];
    public Dictionary<DateOnly, int> Posts { get; private set; } = [];
    public int? MinimumPerMonth { get; private set; }
    public int? YearEndDue { get; private set; }
    public (bool Renewal, bool Review) YearEndRequired { get; private set; }
    public List<YearEndReview> YearEnds { get; private set; } = [];
    public string? NoticePost { get; private set; }
    public List<OfficialAccount> MainCandidates { get; private set; } = [];
    public List<WatchCheck> WatchChecks { get; private set; } = [];
    public DateOnly? WatchDue { get; private set; }
    public bool KeepsWatching { get; private set; }
    /// <summary>The latest impact assessment (recorded with the stop notice).</summary>
    public WithdrawalAssessment? Assessment { get; private set; }
    public string? AssessmentMainName { get; private set; }
    /// <summary>Running accounts of the municipality followers could be sent to (for the notice form).</summary>
    public List<OfficialAccount> RunningOthers { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public Guid? Main { get; set; }
    public List<(Guid Id, string Name)> Managers { get; private set; } = [];
    public List<(Guid Id, string Name)> Staff { get; private set; } = [];
    public HashSet<Guid> Operators { get; private set; } = [];

    public async Task<IActionResult> OnPostPeopleAsync(Guid id, Guid? manager, List<Guid> operators, CancellationToken ct)
    {
        if (!await MayManageAsync(id, ct)) return Forbid();
        var me = CurrentUser.From(User);
        var result = await accounts.AssignPeopleAsync(me.TenantId, id, manager, operators, me.Actor, ct);
        return await AfterAsync(id, result, _ => L["担当者を記録しました。"], ct);
    }
    public string? Saved { get; private set; }
    /// <summary>The account's API connection, without its secrets (never shown again after entry).</summary>
    public Posts.Publishing.PlatformCredential? Connection { get; private set; }

    public async Task<IActionResult> OnPostConnectionAsync(Guid id, string? platformAccountId, string? baseUrl, Dictionary<string, string?> secrets, CancellationToken ct)
    {
        if (!await MayManageAsync(id, ct)) return Forbid();
        var me = CurrentUser.From(User);
        var result = await vault.SetAsync(me.TenantId, id, platformAccountId, baseUrl, secrets, me.Actor, ct);
        return await AfterAsync(id, result, _ => L["投稿の連携を設定しました。入力した値は今後表示されません。"], ct);
    }

    public async Task<IActionResult> OnPostRemoveConnectionAsync(Guid id, CancellationToken ct)
    {
        if (!await MayManageAsync(id, ct)) return Forbid();
        var me = CurrentUser.From(User);
        var result = await vault.RemoveAsync(me.TenantId, id, me.Actor, ct);
        return await AfterAsync(id, result, _ => L["投稿の連携を解除しました。この媒体への投稿は手動になります。"], ct);
    }

    // After a successful change the page redirects to itself (a reload does not repeat it) and says what was done.
    [TempData] public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Saved = Done;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<IActionResult> AfterAsync<T>(Guid id, Result<T> result, Func<T, string> message, CancellationToken ct)
    {
        if (result.Succeeded)
        {
            Done = message(result.Value!);
            return Redirect($"/accounts/{id}");
        }
        Errors.AddRange(result.Errors);
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, AccountStatus to, string? reason, DateOnly? noticeEndsOn,
        int? followers, Guid? mainAccountId, string? references, CancellationToken ct)
    {
        if (!await MayManageAsync(id, ct)) return Forbid();
        var me = CurrentUser.From(User);
        var result = await accounts.ChangeStatusAsync(me.TenantId, id, to, reason, noticeEndsOn, me.Actor, ct,
            to == AccountStatus.SuspensionNoticed ? new WithdrawalImpact(followers, mainAccountId, references) : null);
        return await AfterAsync(id, result, v => L["状態を「{0}」にしました。", to.Label()], ct);
    }

    public async Task<IActionResult> OnPostHygieneAsync(Guid id, bool verifiedBadge, bool twoFactorEnabled, DateOnly? passwordChangedOn,
        bool homepageLinkInProfile, bool policyInProfile, bool policyOnHomepage, bool appsReviewed, string? newAppName, Guid? removeAppId, CancellationToken ct)
    {
        if (!await MayManageAsync(id, ct)) return Forbid();
        var me = CurrentUser.From(User);
        var result = await accounts.ConfirmHygieneAsync(me.TenantId, id, new HygieneInput(verifiedBadge, twoFactorEnabled, passwordChangedOn,
            homepageLinkInProfile, policyInProfile, policyOnHomepage, appsReviewed, newAppName, removeAppId), me.Actor, ct);
        return await AfterAsync(id, result, v => L["点検の結果を記録しました。"], ct);
    }

    public async Task<IActionResult> OnPostYearEndAsync(Guid id, bool planRenewed, ReviewOutcome? outcome, int? followers,
        string? existingAccountChecks, string? notes, CancellationToken ct)
    {
        if (!await MayManageAsync(id, ct)) return Forbid();
        var me = CurrentUser.From(User);
        var result = await accounts.CompleteYearEndAsync(me.TenantId, id, planRenewed, outcome, followers, existingAccountChecks, notes, me.Actor, ct);
        return await AfterAsync(id, result, v => L["{0}の年度末の手続を記録しました。", Shell.JapaneseDates.FiscalYearWareki(v.FiscalYear)], ct);
    }

    public async Task<IActionResult> OnPostWatchAsync(Guid id, bool intact, string? note, CancellationToken ct)
    {
        if (!await MayManageAsync(id, ct)) return Forbid();
        var me = CurrentUser.From(User);
        var result = await accounts.RecordWatchCheckAsync(me.TenantId, id, intact, note, me.Actor, ct);
        return await AfterAsync(id, result, v => L["状況の確認を記録しました。"], ct);
    }

    public async Task<IActionResult> OnPostPostsAsync(Guid id, DateOnly? month, int? posts, CancellationToken ct)
    {
        if (!await MayManageAsync(id, ct)) return Forbid();
        var me = CurrentUser.From(User);
        var result = await accounts.RecordPostsAsync(me.TenantId, id, month, posts, me.Actor, ct);
        return await AfterAsync(id, result, v => L["{0}年{1}月の投稿数を記録しました。", v.Month.Year, v.Month.Month], ct);
    }

    /// <summary>The account's manager (its department's 所属長), the PR office and administrators — see <see cref="AccountScope"/>.</summary>
    private async Task<bool> MayManageAsync(Guid id, CancellationToken ct)
    {
        var department = await db.OfficialAccounts.Where(a => a.Id == id).Select(a => (Guid?)a.DepartmentId).FirstOrDefaultAsync(ct);
        return department is { } d && await AccountScope.CanManageAsync(db, User, d, ct);
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        RunBy = (await Contractors.OutsideAccess.RunByAsync(db, ct, id))[id].ToList();
        Account = await AccountsQueries.FindAsync(db, id, ct);
        if (Account is null) return false;
        Record = await db.OfficialAccounts.FindAsync([id], ct);
        var pack = (await packs.ForTenantAsync(CurrentUser.From(User).TenantId, ct)).Pack;
        Next = AccountLifecycle.Next(Account.Status, pack).ToList();
        // Say why deletion is not offered where the pack forbids it (Komae 4(5)エ).
        if (Account.Status == AccountStatus.Suspended) Refusal = AccountLifecycle.Refusal(AccountStatus.Suspended, AccountStatus.Deleted, pack);
        CanManage = await AccountScope.CanManageAsync(db, User, Account.DepartmentId, ct);
        Connection = await db.PlatformCredentials.AsNoTracking().FirstOrDefaultAsync(c => c.AccountId == id, ct);
        Apps = await db.ConnectedApps.AsNoTracking().Where(x => x.AccountId == id).OrderBy(x => x.Name).ToListAsync(ct);
        var today = Shell.JapaneseDates.TodayJst(time);
        Hygiene = AccountHygiene.Check(Record!, Apps, pack, today);
        Months = AccountActivity.LastTwelveMonths(today);
        var from = Months[0];
        Posts = (await AccountActivity.MonthlyAsync(db, [id], from, ct))[id];
        Activity = AccountActivity.Check(Record!, Posts, pack, today);
        MinimumPerMonth = pack.Lifecycle.MinimumPostsPerMonth.Value;
        YearEnds = await db.YearEndReviews.AsNoTracking().Where(r => r.AccountId == id).OrderByDescending(r => r.FiscalYear).ToListAsync(ct);
        YearEndRequired = YearEnd.Required(pack);
        YearEndDue = YearEnd.DueFiscalYear(Record!, pack, today, YearEnds.Select(r => r.FiscalYear).ToHashSet());
        KeepsWatching = pack.Lifecycle.Withdrawal.KeepMonitoring.Value;
        var people = await (from u in db.StaffUsers
                            select new { u.Id, u.DisplayName, Manager = db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == KohoRoles.AccountManager)) })
                           .OrderBy(u => u.DisplayName).ToListAsync(ct);
        Managers = people.Where(p => p.Manager).Select(p => (p.Id, p.DisplayName)).ToList();
        Staff = people.Select(p => (p.Id, p.DisplayName)).ToList();
        Operators = (await db.AccountOperators.AsNoTracking().Where(o => o.AccountId == id).Select(o => o.UserId).ToListAsync(ct)).ToHashSet();
        WatchChecks = await db.WatchChecks.AsNoTracking().Where(w => w.AccountId == id).OrderByDescending(w => w.CheckedOn).ToListAsync(ct);
        var viewer = await incidentScope.ViewerAsync(User, ct);
        var incidents = await db.Incidents.AsNoTracking().Where(i => i.AccountId == id).OrderByDescending(i => i.Number).Take(50).ToListAsync(ct);
        var incidentIds = incidents.Select(i => i.Id).ToList();
        var offices = (await db.IncidentEscalations.AsNoTracking().Where(e => incidentIds.Contains(e.IncidentId)).Select(e => new { e.IncidentId, e.Office }).ToListAsync(ct))
            .Concat(await db.IncidentSteps.AsNoTracking().Where(e => incidentIds.Contains(e.IncidentId)).Select(e => new { e.IncidentId, Office = e.Actor }).ToListAsync(ct))
            .ToLookup(x => x.IncidentId, x => x.Office);
        Incidents = incidents.Where(i => viewer.CanView(i, offices[i.Id])).ToList();
        WatchDue = Withdrawal.WatchDue(Record!, pack, today, WatchChecks.FirstOrDefault()?.CheckedOn);
        Assessment = await db.WithdrawalAssessments.AsNoTracking().Where(w => w.AccountId == id).OrderByDescending(w => w.AssessedAt).FirstOrDefaultAsync(ct);
        RunningOthers = await db.OfficialAccounts.AsNoTracking().Where(a => a.Id != id && a.Status == AccountStatus.Operating)
            .OrderBy(a => a.Platform != Record!.Platform).ThenBy(a => a.Name).ToListAsync(ct);
        if (Assessment?.MainAccountId is { } assessedMain)
            AssessmentMainName = await db.OfficialAccounts.AsNoTracking().Where(a => a.Id == assessedMain).Select(a => a.Name).FirstOrDefaultAsync(ct);
        if (Record!.Status == AccountStatus.SuspensionNoticed)
        {
            // Where followers should go: the account the impact assessment chose, else another running account on
            // the same platform (the main account, typically).
            MainCandidates = RunningOthers.Where(a => a.Platform == Record.Platform || a.Id == Assessment?.MainAccountId).ToList();
            var main = MainCandidates.FirstOrDefault(a => a.Id == Main) ?? MainCandidates.FirstOrDefault(a => a.Id == Assessment?.MainAccountId)
                       ?? (Assessment is { MainAccountId: null } ? null : MainCandidates.FirstOrDefault());
            Main = main?.Id;
            var municipality = await db.Tenants.AsNoTracking().Where(t => t.Id == Record.TenantId).Select(t => t.Name).FirstAsync(ct);
            NoticePost = Withdrawal.NoticePost(Record, municipality, main);
        }
        return true;
    }
}
