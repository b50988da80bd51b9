using Koho.Web.Organization;
using Koho.Web.Packs;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Koho.Web.PrivateUse;

/// <summary>私的利用: what the guideline asks of every member of staff, and where to check, confirm or report.</summary>
public sealed class PrivateUseModel(GuidelinePackService packs, Acknowledgements acknowledgements) : PageModel
{
    public TenantPack Pack { get; private set; } = null!;
    public GuidelineNotice? Notice { get; private set; }
    public GuidelineAcknowledgement? Mine { get; private set; }
    public bool Manages { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = CurrentUser.From(User);
        Pack = await packs.ForTenantAsync(me.TenantId, ct);
        Notice = await acknowledgements.CurrentAsync(ct);
        if (Notice is not null) Mine = await acknowledgements.MineAsync(me.Id, Notice.Id, ct);
        Manages = Acknowledgements.Manages(User);
    }
}
