using Koho.Web.Incidents;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Koho.Web.PrivateUse;

/// <summary>
/// A member of staff reports a private-use trouble to their supervisor: it opens an incident of that type, whose pack
/// playbook tells the reporter's 所属長 first (then HR), with its steps. No official account is involved.
/// </summary>
public sealed class TroubleModel(IncidentService incidents, IStringLocalizer<SharedResource> L) : PageModel
{
    public static readonly IReadOnlyList<string> Services = ["X", "Facebook", "Instagram", "LINE", "Mastodon", "Bluesky", "YouTube", "TikTok", "ブログ", "その他"];

    [BindProperty] public string? Service { get; set; }
    [BindProperty] public string? What { get; set; }
    [BindProperty] public string? Link { get; set; }
    [BindProperty] public string? Actions { get; set; }
    public List<string> Errors { get; } = [];
    [TempData] public string? Done { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var service = Services.Contains(Service) ? Service : null;
        var url = Link?.Trim();
        if (service is null) Errors.Add(L["どのサービスでのことか選んでください。"]);
        if (!string.IsNullOrEmpty(url) && (url.Length > 500 || !Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")))
            Errors.Add(L["投稿などのアドレスは https:// から始まる形で入力してください（500文字以内）。"]);
        if (Errors.Count > 0) return Page();
        var description = string.Join("\n", new[]
        {
            What?.Trim(),
            string.IsNullOrWhiteSpace(Actions) ? null : $"これまでの対応: {Actions.Trim()}",
            string.IsNullOrEmpty(url) ? null : $"投稿などのアドレス: {url}",
        }.Where(s => !string.IsNullOrEmpty(s)));
        if (string.IsNullOrWhiteSpace(What)) description = "";
        var result = await incidents.OpenAsync(User, new IncidentInput(IncidentType.PrivateUseTrouble, $"私的利用のトラブル（{service}）", description, null), ct);
        if (!result.Succeeded)
        {
            Errors.AddRange(result.Errors);
            return Page();
        }
        Done = L["報告を受け付け、所属長に知らせました。この画面で対応の経過を確かめられます。"];
        return Redirect($"/incidents/{result.Value!.Id}");
    }
}
