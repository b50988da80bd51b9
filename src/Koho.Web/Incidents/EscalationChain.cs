using System.Security.Claims;
using Koho.Packs;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Notifications;
using Koho.Web.Organization;
using Koho.Web.Packs;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Incidents;

/// <summary>
/// The escalation chain (報告・連絡の順, e.g. Komae 4(3)オ・カ: 管理者 → 所属長 → 統括情報セキュリティ責任者). Level 1 is
/// told when the incident is opened; each level must acknowledge (確認) within the pack's time. Acknowledging passes
/// the report up to the next level; when nobody acknowledges in time, the next level is told anyway, saying so — at the
/// top, the level is reminded and the administrators are told.
/// </summary>
public sealed class EscalationChain(KohoDbContext db, AuditTrail audit, TimeProvider time, IncidentScope scope, Notifier notifier, GuidelinePackService packs)
{
    /// <summary>Tells one level (adds to the caller's unit of work; the caller saves).</summary>
    public async Task NotifyLevelAsync(Incident incident, IncidentEscalation level, GuidelinePack pack, string? reason, DateTimeOffset now, CancellationToken ct)
    {
        level.NotifiedAt = now;
        level.AcknowledgeBy = now.AddMinutes(incident.AcknowledgeWithinMinutes);
        var holders = await scope.HoldersAsync(incident, level.Office, ct);
        var office = IncidentScope.OfficeLabel(level.Office, pack);
        IncidentTimeline.Add(db, incident, null, "Koho", "notified",
            $"第{level.Level + 1}段階（{office}）に連絡: {(holders.Count == 0 ? "該当する職員が登録されていません" : string.Join("、", holders.Select(h => h.DisplayName)))}"
            + (reason is null ? "" : $" — {reason.TrimEnd('。')}") + $"。確認期限 {Shell.JapaneseDates.Format(level.AcknowledgeBy.Value)}", now);
        var critical = incident.Type is IncidentType.Hijacking or IncidentType.Impersonation or IncidentType.Flaming;
        var ask = $"{office}としての確認をお願いします（{incident.AcknowledgeWithinMinutes}分以内）。{reason}";
        await notifier.NotifyAsync(incident.TenantId, holders, $"【{incident.Type.Label()}】{incident.Number()} {incident.Title}",
            $"{ask}\n{IncidentService.Clip(incident.Description, 500)}", $"/incidents/{incident.Id}", critical ? "critical" : "warning", ct,
            externalBody: $"{ask}\n内容は Koho で確認してください。");
    }

    public Task TellAsync(Incident incident, IReadOnlyCollection<KohoUser> users, string title, string body, string severity, CancellationToken ct) =>
        notifier.NotifyAsync(incident.TenantId, users, title, body, $"/incidents/{incident.Id}", severity, ct);

    public async Task<Result<IncidentEscalation>> AcknowledgeAsync(ClaimsPrincipal user, Guid incidentId, Guid escalationId, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var incident = await db.Incidents.FirstOrDefaultAsync(i => i.Id == incidentId, ct);
        var level = incident is null ? null : await db.IncidentEscalations.FirstOrDefaultAsync(e => e.Id == escalationId && e.IncidentId == incidentId, ct);
        if (incident is null || level is null) return Result<IncidentEscalation>.Fail(["連絡が見つかりません。"]);
        if (incident.Status != IncidentStatus.Open) return Result<IncidentEscalation>.Fail(["終結したインシデントです。"]);
        if (level.NotifiedAt is null) return Result<IncidentEscalation>.Fail(["この段階にはまだ連絡が届いていません。"]);
        if (level.AcknowledgedAt is not null) return Result<IncidentEscalation>.Fail([$"{level.AcknowledgedByName}さんがすでに確認しています。"]);
        var pack = (await packs.ForTenantAsync(me.TenantId, ct)).Pack;
        if (!await scope.HoldsAsync(user, incident, level.Office, ct))
            return Result<IncidentEscalation>.Fail([$"この連絡を確認できるのは{IncidentScope.OfficeLabel(level.Office, pack)}です。"]);

        var now = time.GetUtcNow();
        level.AcknowledgedAt = now;
        level.AcknowledgedById = me.Id;
        level.AcknowledgedByName = me.DisplayName;
        var late = level.AcknowledgeBy is { } by && now > by;
        IncidentTimeline.Add(db, incident, me.Id, me.DisplayName, "acknowledged",
            $"第{level.Level + 1}段階（{IncidentScope.OfficeLabel(level.Office, pack)}）が確認{(late ? "（期限後）" : "")}", now);
        var next = await db.IncidentEscalations.FirstOrDefaultAsync(e => e.IncidentId == incidentId && e.Level == level.Level + 1, ct);
        if (next is { NotifiedAt: null })
            await NotifyLevelAsync(incident, next, pack, $"{me.DisplayName}さん（{IncidentScope.OfficeLabel(level.Office, pack)}）からの報告です。", now, ct);
        incident.Version++;
        try
        {
            await audit.SaveAsync([new AuditEntry(me.TenantId, me.Actor, "incident.acknowledged", "incident", incident.Id.ToString(),
                After: AuditSummary.Of(new { incident.Number, Level = level.Level + 1, level.Office, Late = late }))], ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result<IncidentEscalation>.Fail(["他の操作と重なりました。画面を開き直してください。"]);
        }
        return Result<IncidentEscalation>.Ok(level);
    }

    /// <summary>
    /// The timer: levels of open incidents in this tenant that nobody acknowledged in time. Each is marked timed out and
    /// the next level told; at the top of the chain the same level is reminded and the administrators are told.
    /// Returns how many levels timed out.
    /// </summary>
    public async Task<int> EscalateOverdueAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var overdue = await (from e in db.IncidentEscalations
                             join i in db.Incidents on e.IncidentId equals i.Id
                             where i.Status == IncidentStatus.Open && e.NotifiedAt != null && e.AcknowledgedAt == null && e.TimedOutAt == null && e.AcknowledgeBy <= now
                             orderby e.AcknowledgeBy
                             select e.Id).Take(100).ToListAsync(ct);
        var count = 0;
        foreach (var id in overdue)
        {
            var level = await db.IncidentEscalations.FirstAsync(e => e.Id == id, ct);
            var incident = await db.Incidents.FirstAsync(i => i.Id == level.IncidentId, ct);
            var pack = (await packs.ForTenantAsync(incident.TenantId, ct)).Pack;
            var office = IncidentScope.OfficeLabel(level.Office, pack);
            level.TimedOutAt = now;
            IncidentTimeline.Add(db, incident, null, "Koho", "timed-out", $"第{level.Level + 1}段階（{office}）が{incident.AcknowledgeWithinMinutes}分以内に確認しませんでした", now);
            var next = await db.IncidentEscalations.FirstOrDefaultAsync(e => e.IncidentId == incident.Id && e.Level == level.Level + 1, ct);
            if (next is { NotifiedAt: null })
            {
                await NotifyLevelAsync(incident, next, pack, $"{office}が期限までに確認しなかったため、上位に連絡しています。", now, ct);
            }
            else if (next is null)
            {
                var again = await scope.HoldersAsync(incident, level.Office, ct);
                var admins = await scope.UsersInRole(KohoRoles.Administrator).ToListAsync(ct);
                await TellAsync(incident, again.Concat(admins).ToList(), $"【未確認】{incident.Number()} {incident.Title}",
                    $"最上位の{office}が期限までに確認していません。至急確認してください。", "critical", ct);
                IncidentTimeline.Add(db, incident, null, "Koho", "reminded", $"最上位の{office}に再度連絡し、システム管理者にも知らせました", now);
            }
            incident.Version++;
            try
            {
                await audit.SaveAsync([new AuditEntry(incident.TenantId, AuditActor.System, "incident.escalation-timed-out", "incident", incident.Id.ToString(),
                    After: AuditSummary.Of(new { incident.Number, Level = level.Level + 1, level.Office }))], ct);
                count++;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Someone acknowledged at the same moment: theirs stands; the change tracker is already cleared.
            }
        }
        return count;
    }
}

public static class IncidentTimeline
{
    public static IncidentEvent Add(KohoDbContext db, Incident incident, Guid? actorId, string actorName, string kind, string text, DateTimeOffset at)
    {
        // Entries written in one step share a clock reading; each later one gets the next microsecond (the finest
        // both databases keep) so that the timeline reads in the order things were done.
        var previous = db.ChangeTracker.Entries<IncidentEvent>().Where(e => e.State == EntityState.Added && e.Entity.IncidentId == incident.Id)
            .Select(e => e.Entity.At).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        if (at <= previous) at = previous.AddTicks(10);
        var entry = new IncidentEvent
        {
            Id = Guid.NewGuid(), TenantId = incident.TenantId, IncidentId = incident.Id, At = at, ActorId = actorId, ActorName = actorName,
            Kind = kind, Text = IncidentService.Clip(text, 2000),
        };
        db.IncidentEvents.Add(entry);
        return entry;
    }
}
