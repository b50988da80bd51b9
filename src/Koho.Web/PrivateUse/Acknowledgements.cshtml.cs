using System.Globalization;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Packs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Koho.Web.PrivateUse;

/// <summary>HR: publish the guideline version to confirm, follow who has confirmed by department, remind, export.</summary>
[Authorize(Policy = KohoPolicies.ManageAcknowledgements)]
public sealed class AcknowledgementsModel(KohoDbContext db, Acknowledgements acknowledgements, GuidelinePackService packs, IStringLocalizer<SharedResource> L) : PageModel
{
    public TenantPack Pack { get; private set; } = null!;
    public GuidelineNotice? Notice { get; private set; }
    public NoticeProgress? Progress { get; private set; }
    public List<(GuidelineNotice Notice, int Confirmed)> History { get; private set; } = [];
    public int Questions { get; private set; }
    public List<DepartmentTree.Node> Departments { get; private set; } = [];
    public List<string> Errors { get; } = [];
    [BindProperty(SupportsGet = true)] public Guid? Department { get; set; }
    [BindProperty(SupportsGet = true)] public bool Unconfirmed { get; set; }
    [TempData] public string? Done { get; set; }

    public bool NewerInForce => Notice is not null && Notice.PackSha256 != Acknowledgements.Fingerprint(Pack);

    public IEnumerable<StaffAcknowledgement> Listed
    {
        get
        {
            if (Progress is null) return [];
            var parents = Departments.ToDictionary(n => n.Id, n => n.ParentId);
            return Progress.Staff.Where(s => (!Unconfirmed || s.AcknowledgedAt is null)
                && (Department is not { } d || s.DepartmentId is { } sd && DepartmentTree.IsWithin(parents, sd, d)));
        }
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Progress is null) return NotFound();
        return File(Acknowledgements.Xlsx(Progress), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"guideline-acknowledgements-{Progress.Notice.Number}.xlsx");
    }

    public async Task<IActionResult> OnPostPublishAsync(string? message, string? dueOn, bool withQuiz, CancellationToken ct)
    {
        DateOnly? due = null;
        if (!string.IsNullOrWhiteSpace(dueOn))
        {
            if (!DateOnly.TryParseExact(dueOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                Errors.Add(L["確認期限の日付を正しく入力してください。"]);
                await LoadAsync(ct);
                return Page();
            }
            due = d;
        }
        var result = await acknowledgements.PublishAsync(User, message, due, withQuiz, ct);
        if (!result.Succeeded)
        {
            Errors.AddRange(result.Errors);
            await LoadAsync(ct);
            return Page();
        }
        Done = string.Format(L["第{0}回として周知し、全職員に確認をお願いしました。これまでの確認は、この版ではやり直しになります。"], result.Value!.Number);
        return Redirect("/private-use/acknowledgements");
    }

    public async Task<IActionResult> OnPostRemindAsync(Guid noticeId, Guid? departmentId, CancellationToken ct)
    {
        var result = await acknowledgements.RemindAsync(User, noticeId, departmentId, ct);
        if (!result.Succeeded)
        {
            Errors.AddRange(result.Errors);
            await LoadAsync(ct);
            return Page();
        }
        Done = string.Format(L["未確認の {0} 人に催促しました。"], result.Value);
        return Redirect($"/private-use/acknowledgements{(departmentId is { } d ? $"?department={d}" : "")}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Pack = await packs.ForTenantAsync(CurrentUser.From(User).TenantId, ct);
        Notice = await acknowledgements.CurrentAsync(ct);
        Departments = await DepartmentTree.LoadAsync(db, ct);
        if (Department is { } d && Departments.All(n => n.Id != d)) Department = null;
        if (Notice is not null) Progress = await acknowledgements.ProgressAsync(Notice, Departments, ct);
        Questions = await db.QuizQuestions.CountAsync(ct);
        var counts = await db.GuidelineAcknowledgements.GroupBy(a => a.NoticeId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        History = (await db.GuidelineNotices.AsNoTracking().OrderByDescending(n => n.Number).Take(20).ToListAsync(ct))
            .Select(n => (n, counts.GetValueOrDefault(n.Id))).ToList();
    }
}
