using Koho.Web.Accounts;
using Koho.Web.Accounts.Documents;
using Koho.Web.Database;
using Koho.Web.Shell;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Incidents;

/// <summary>
/// The closing report (終結報告): what happened, the actions and their times (steps, escalation, timeline, evidence
/// with its hash), the cause and the lessons. One document for the printable page and the .docx.
/// </summary>
public sealed class IncidentReport(KohoDbContext db, Packs.GuidelinePackService packs, TimeProvider time)
{
    public async Task<AccountDocument> BuildAsync(Incident incident, CancellationToken ct)
    {
        var pack = (await packs.ForTenantAsync(incident.TenantId, ct)).Pack;
        var municipality = await db.Tenants.Where(t => t.Id == incident.TenantId).Select(t => t.Name).FirstAsync(ct);
        var account = incident.AccountId is { } a ? await db.OfficialAccounts.AsNoTracking().FirstOrDefaultAsync(x => x.Id == a, ct) : null;
        var department = await db.Departments.AsNoTracking().Where(d => d.Id == incident.DepartmentId).Select(d => d.Name).FirstOrDefaultAsync(ct) ?? "—";
        var steps = await db.IncidentSteps.AsNoTracking().Where(s => s.IncidentId == incident.Id).OrderBy(s => s.Position).ToListAsync(ct);
        var chain = await db.IncidentEscalations.AsNoTracking().Where(e => e.IncidentId == incident.Id).OrderBy(e => e.Level).ToListAsync(ct);
        var events = await db.IncidentEvents.AsNoTracking().Where(e => e.IncidentId == incident.Id).OrderBy(e => e.At).ToListAsync(ct);
        var evidence = await db.IncidentEvidence.AsNoTracking().Where(e => e.IncidentId == incident.Id).OrderBy(e => e.UploadedAt)
            .Select(e => new { e.FileName, e.Size, e.Sha256, e.UploadedAt, e.UploadedByName }).ToListAsync(ct);

        string When(DateTimeOffset? t) => t is { } v ? JapaneseDates.Format(v) : "—";
        var overview = string.Join("\n", new[]
        {
            $"種類: {incident.Type.Label()}",
            $"公式アカウント: {(account is null ? "—" : $"{account.Name}（{Accounts.AccountLabels.Label(account.Platform)} {account.Handle}）")}",
            $"所管: {department}",
            incident.ImpostorHandle is null ? null : $"なりすましアカウント: {incident.ImpostorPlatform?.Label()} {incident.ImpostorHandle}",
            $"報告: {When(incident.OpenedAt)}（{incident.OpenedByName}）",
            incident.OutsideOrganizationName is null ? null : $"運用団体: {incident.OutsideOrganizationName}（外部の運用団体）",
            $"終結: {(incident.ClosedAt is null ? "対応中" : $"{When(incident.ClosedAt)}（{incident.ClosedByName}）")}",
            $"手順の根拠: {pack.Title}（{incident.PackReference}）",
        }.Where(l => l is not null));
        var actions = string.Join("\n", steps.Select((s, n) =>
            $"{n + 1}. {s.Action}\n   担当: {IncidentScope.OfficeLabel(s.Actor, pack)}　期限: {When(s.DueAt)}　" +
            (s.DoneAt is null ? "未了" : $"{(s.Skipped ? "実施せず" : "完了")}: {When(s.DoneAt)}（{s.DoneByName}）{(s.DueAt is { } due && s.DoneAt > due && !s.Skipped ? "【期限超過】" : "")}") +
            (s.Note is null ? "" : $"\n   記録: {s.Note}")));
        var escalation = string.Join("\n", chain.Select(e =>
            $"第{e.Level + 1}段階 {IncidentScope.OfficeLabel(e.Office, pack)}: 連絡 {When(e.NotifiedAt)}、" +
            (e.AcknowledgedAt is null ? "未確認" : $"確認 {When(e.AcknowledgedAt)}（{e.AcknowledgedByName}）") + (e.TimedOutAt is null ? "" : "【確認期限切れのため上位へ連絡】")));
        var timeline = string.Join("\n", events.Select(e => $"{When(e.At)}　{e.ActorName}　{e.Text}"));
        var files = evidence.Count == 0 ? "なし" : string.Join("\n", evidence.Select(e => $"{e.FileName}（{e.Size:N0} バイト）SHA-256: {e.Sha256}　{When(e.UploadedAt)} {e.UploadedByName}"));
        var sections = new List<(string, string)>
        {
            ("1 概要", overview),
            ("2 経過の概要", incident.Summary ?? "（終結時に記入）"),
            ("3 原因", incident.Cause ?? "—"),
            ("4 対応の記録（手順）", actions),
            ("5 報告・連絡", escalation),
            ("6 経過", timeline),
            ("7 記録（証拠）", files),
            ("8 教訓・再発防止策", incident.Lessons ?? "（終結時に記入）"),
        };
        return new AccountDocument($"インシデント終結報告　{incident.Number()}", $"{municipality}　{incident.Title}", sections,
            $"Koho が記録から作成（{JapaneseDates.Format(time.GetUtcNow())}）。記録のファイルは SHA-256 で改変がないことを確かめられます。");
    }
}
