using System.Net;
using System.Reflection;
using System.Text.Json;
using Koho.Web.Accounts;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Tests.Testing;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Koho.Web.Tests.Organization;

/// <summary>
/// A user of one municipality can neither read nor change another municipality's data through any page or API
/// route. The routes are enumerated from the app's own endpoint table, so a new route is covered the day it is
/// added (and a route parameter this test does not know fails the test until it is taught).
/// </summary>
public abstract class TenantIsolationTests(AppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Strings that exist only in the other tenant's data.</summary>
    private static readonly string[] Markers = ["妙高市", "152170", "越後秘密課", "joetsu_secret_marker", "越後 秘密", "other-admin", "秘密の変更"];

    private sealed record OtherTenant(Guid TenantId, Guid DepartmentId, Guid UserId, Guid AccountId, Guid AuditRecordId, Guid PostId, Guid ImageId, Guid WarningId,
        Guid TargetId, Guid ScopeId, Guid IncidentId, Guid StepId, Guid EscalationId, Guid EvidenceId, Guid MentionId, Guid AlertId, Guid NotificationId,
        Guid NoticeId, Guid QuestionId, Guid SavedCheckId, Guid OutsideId)
    {
        public IEnumerable<string> Ids => new[] { TenantId, DepartmentId, UserId, AccountId, AuditRecordId, PostId, ImageId, WarningId, TargetId, ScopeId,
            IncidentId, StepId, EscalationId, EvidenceId, MentionId, AlertId, NotificationId, NoticeId, QuestionId, SavedCheckId, OutsideId }.Select(g => g.ToString());
    }

    private static readonly SemaphoreSlim SetupGate = new(1, 1);
    private const string OtherImageToken = "0123456789abcdef0123456789abcdef0123456789abcdef";

    private async Task<OtherTenant> OtherTenantAsync()
    {
        await SetupGate.WaitAsync(Ct);
        try
        {
            return await fixture.App.WithDbAsync(async (db, sp) =>
            {
                var existing = await db.Tenants.FirstOrDefaultAsync(t => t.Code == "152170", Ct);
                var org = sp.GetRequiredService<OrganizationService>();
                var actor = new AuditActor(null, "test");
                var tenant = existing ?? (await org.CreateTenantAsync("152170", "妙高市", actor, Ct)).Value!;
                sp.GetRequiredService<TenantContext>().Use(tenant.Id);
                var dept = await db.Departments.FirstOrDefaultAsync(Ct)
                           ?? (await org.CreateDepartmentAsync(tenant.Id, "越後秘密課", null, actor, Ct)).Value!;
                var user = await db.TenantUsers.FirstOrDefaultAsync(Ct)
                           ?? (await org.CreateUserAsync(tenant.Id, new NewUser("other-admin", "越後 秘密", null, dept.Id,
                               [KohoRoles.Administrator, KohoRoles.Auditor], "joetsu-password-1"), actor, Ct)).Value!;
                var account = await db.OfficialAccounts.FirstOrDefaultAsync(Ct);
                if (account is null)
                {
                    account = new OfficialAccount
                    {
                        Id = Guid.NewGuid(), TenantId = tenant.Id, DepartmentId = dept.Id, Name = "妙高市 秘密アカウント",
                        Platform = Platform.X, Handle = "joetsu_secret_marker", Url = "https://x.com/joetsu_secret_marker",
                        Status = AccountStatus.Operating, CreatedAt = DateTimeOffset.UtcNow,
                    };
                    db.OfficialAccounts.Add(account);
                    await sp.GetRequiredService<AuditTrail>().SaveAsync(new AuditEntry(tenant.Id, actor, "account.registered",
                        "official-account", account.Id.ToString(), After: "秘密の変更"), Ct);
                }
                var post = await db.Posts.FirstOrDefaultAsync(Ct);
                if (post is null)
                {
                    post = new Koho.Web.Posts.Post
                    {
                        Id = Guid.NewGuid(), TenantId = tenant.Id, AuthorId = user.Id, AuthorName = "越後 秘密", Text = "越後秘密課の投稿",
                        Status = Koho.Web.Posts.PostStatus.Submitted, Version = 1, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
                    };
                    db.Posts.Add(post);
                    db.PostTargets.Add(new Koho.Web.Posts.PostTarget { Id = Guid.NewGuid(), TenantId = tenant.Id, PostId = post.Id, AccountId = account.Id,
                        Platform = Platform.X, IdempotencyKey = Guid.NewGuid() });
                    db.PostImages.Add(new Koho.Web.Posts.PostImage { Id = Guid.NewGuid(), TenantId = tenant.Id, PostId = post.Id, FileName = "joetsu_secret_marker.png",
                        ContentType = "image/png", Content = "joetsu_secret_marker"u8.ToArray(), Sha256 = "0", AltText = "越後秘密課",
                        PublicToken = OtherImageToken });
                    db.EmergencyScopes.Add(new Koho.Web.Posts.EmergencyScope { Id = Guid.NewGuid(), TenantId = tenant.Id, Title = "越後秘密課の範囲",
                        AccountIdsJson = $"[\"{account.Id}\"]", KindsJson = "[\"Disaster\",\"Normal\"]", TemplatesJson = "[\"{x}\"]",
                        ValidFrom = new DateOnly(2020, 1, 1), ValidTo = new DateOnly(2100, 1, 1), DefinedById = user.Id, DefinedByName = "越後 秘密", DefinedAt = DateTimeOffset.UtcNow });
                    db.ImpersonationWarnings.Add(new Koho.Web.PublicDirectory.ImpersonationWarning { Id = Guid.NewGuid(), TenantId = tenant.Id, Platform = Platform.X,
                        ImpostorHandle = "joetsu_secret_marker_fake", Message = "妙高市の注意", RaisedAt = DateTimeOffset.UtcNow, RaisedByName = "越後 秘密" });
                    await db.SaveChangesAsync(Ct);
                }
                if (!await db.Incidents.AnyAsync(Ct))
                {
                    var now = DateTimeOffset.UtcNow;
                    var incident = new Koho.Web.Incidents.Incident
                    {
                        Id = Guid.NewGuid(), TenantId = tenant.Id, Number = 1, Type = Koho.Web.Incidents.IncidentType.Hijacking, Title = "越後秘密課の乗っ取り",
                        Description = "joetsu_secret_marker", AccountId = account.Id, DepartmentId = dept.Id, Status = Koho.Web.Incidents.IncidentStatus.Open,
                        OpenedAt = now, OpenedById = user.Id, OpenedByName = "越後 秘密", PackReference = "joetsu@builtin", AcknowledgeWithinMinutes = 30, Version = 1,
                    };
                    db.Incidents.Add(incident);
                    var step = new Koho.Web.Incidents.IncidentStep { Id = Guid.NewGuid(), TenantId = tenant.Id, IncidentId = incident.Id, Position = 0, StepKey = "evidence",
                        Action = "越後秘密課の手順", Actor = "operator", Record = "evidence", DueAt = now.AddHours(1) };
                    db.IncidentSteps.Add(step);
                    db.IncidentEscalations.Add(new Koho.Web.Incidents.IncidentEscalation { Id = Guid.NewGuid(), TenantId = tenant.Id, IncidentId = incident.Id, Level = 0,
                        Office = "accountManager", NotifiedAt = now, AcknowledgeBy = now.AddMinutes(30) });
                    db.IncidentEvidence.Add(new Koho.Web.Incidents.IncidentEvidence { Id = Guid.NewGuid(), TenantId = tenant.Id, IncidentId = incident.Id, StepId = step.Id,
                        FileName = "joetsu_secret_marker.png", ContentType = "image/png", Size = 1, Sha256 = "0", Content = "joetsu_secret_marker"u8.ToArray(),
                        UploadedAt = now, UploadedById = user.Id, UploadedByName = "越後 秘密" });
                    db.IncidentEvents.Add(new Koho.Web.Incidents.IncidentEvent { Id = Guid.NewGuid(), TenantId = tenant.Id, IncidentId = incident.Id, At = now,
                        ActorName = "越後 秘密", Kind = "opened", Text = "越後秘密課" });
                    db.Mentions.Add(new Koho.Web.Watch.Mention { Id = Guid.NewGuid(), TenantId = tenant.Id, AccountId = account.Id, Platform = Platform.X, ExternalId = "1",
                        AuthorHandle = "joetsu_secret_marker_author", Text = "越後秘密課への言及", PostedAt = now, ReceivedAt = now });
                    db.WatchAlerts.Add(new Koho.Web.Watch.WatchAlert { Id = Guid.NewGuid(), TenantId = tenant.Id, Kind = Koho.Web.Watch.WatchAlertKind.ImpersonationCandidate,
                        Platform = Platform.X, Handle = "joetsu_secret_marker_0", Explanation = "越後秘密課", RaisedAt = now });
                    db.Notifications.Add(new Koho.Web.Notifications.Notification { Id = Guid.NewGuid(), TenantId = tenant.Id, RecipientId = user.Id, Title = "越後秘密課",
                        Body = "joetsu_secret_marker", Link = $"/incidents/{incident.Id}", CreatedAt = now });
                    await db.SaveChangesAsync(Ct);
                }
                if (!await db.GuidelineNotices.AnyAsync(Ct))
                {
                    // Private use: a notice with a confirmation and a reminder, HR's quiz question, a kept self-check.
                    var now = DateTimeOffset.UtcNow;
                    var notice = new Koho.Web.PrivateUse.GuidelineNotice { Id = Guid.NewGuid(), TenantId = tenant.Id, Number = 1, PackReference = "joetsu@builtin",
                        PackSha256 = "0", PackTitle = "越後秘密課の指針", Message = "joetsu_secret_marker", PublishedAt = now, PublishedById = user.Id, PublishedByName = "越後 秘密" };
                    db.GuidelineNotices.Add(notice);
                    db.GuidelineAcknowledgements.Add(new Koho.Web.PrivateUse.GuidelineAcknowledgement { Id = Guid.NewGuid(), TenantId = tenant.Id, NoticeId = notice.Id,
                        UserId = user.Id, AcknowledgedAt = now });
                    db.AcknowledgementReminders.Add(new Koho.Web.PrivateUse.AcknowledgementReminder { Id = Guid.NewGuid(), TenantId = tenant.Id, NoticeId = notice.Id,
                        UserId = user.Id, RemindedAt = now, RemindedByName = "越後 秘密" });
                    db.QuizQuestions.Add(new Koho.Web.PrivateUse.QuizQuestion { Id = Guid.NewGuid(), TenantId = tenant.Id, Position = 1, ClauseId = "7(2)②",
                        Question = "越後秘密課の問い", Choices = "joetsu_secret_marker\nいいえ", Correct = 1 });
                    db.SavedSelfChecks.Add(new Koho.Web.PrivateUse.SavedSelfCheck { Id = Guid.NewGuid(), TenantId = tenant.Id, UserId = user.Id, SavedAt = now,
                        Text = "越後秘密課の下書き joetsu_secret_marker", Outcome = "問題なし", PackReference = "joetsu@builtin" });
                    await db.SaveChangesAsync(Ct);
                }
                if (!await db.OutsideOrganizations.AnyAsync(Ct))
                {
                    var outside = new Koho.Web.Contractors.OutsideOrganization { Id = Guid.NewGuid(), TenantId = tenant.Id, Name = "越後秘密課の指定管理者",
                        Kind = Koho.Web.Contractors.OutsideKind.DesignatedManager, Service = "joetsu_secret_marker", PeriodFrom = new DateOnly(2020, 4, 1),
                        PeriodTo = new DateOnly(2100, 3, 31), DepartmentId = dept.Id, AccountManagerId = user.Id, CreatedAt = DateTimeOffset.UtcNow, CreatedByName = "越後 秘密", Version = 1 };
                    db.OutsideOrganizations.Add(outside);
                    db.OutsideAssignments.Add(new Koho.Web.Contractors.OutsideAssignment { TenantId = tenant.Id, OrganizationId = outside.Id, AccountId = account.Id,
                        AssignedAt = DateTimeOffset.UtcNow, AssignedByName = "越後 秘密" });
                    await db.SaveChangesAsync(Ct);
                }
                var image = await db.PostImages.FirstAsync(Ct);
                var target = await db.PostTargets.FirstAsync(Ct);
                var scope = await db.EmergencyScopes.FirstAsync(Ct);
                var warning = await db.ImpersonationWarnings.FirstAsync(Ct);
                var record = await db.AuditRecords.OrderBy(r => r.Seq).FirstAsync(Ct);
                var theirIncident = await db.Incidents.FirstAsync(Ct);
                return new OtherTenant(tenant.Id, dept.Id, user.Id, account.Id, record.Id, post.Id, image.Id, warning.Id, target.Id, scope.Id,
                    theirIncident.Id, (await db.IncidentSteps.FirstAsync(Ct)).Id, (await db.IncidentEscalations.FirstAsync(Ct)).Id, (await db.IncidentEvidence.FirstAsync(Ct)).Id,
                    (await db.Mentions.FirstAsync(Ct)).Id, (await db.WatchAlerts.FirstAsync(Ct)).Id, (await db.Notifications.FirstAsync(Ct)).Id,
                    (await db.GuidelineNotices.FirstAsync(Ct)).Id, (await db.QuizQuestions.FirstAsync(Ct)).Id, (await db.SavedSelfChecks.FirstAsync(Ct)).Id,
                    (await db.OutsideOrganizations.FirstAsync(Ct)).Id);
            });
        }
        finally
        {
            SetupGate.Release();
        }
    }

    /// <summary>Everything of the other tenant that a change could touch, as text to compare before and after.</summary>
    private async Task<string> SnapshotAsync(OtherTenant other) =>
        await fixture.App.WithDbAsync(async (db, sp) =>
        {
            var org = sp.GetRequiredService<OrganizationService>();
            var tenant = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == other.TenantId, Ct);
            var departments = await db.Departments.AsNoTracking().OrderBy(d => d.Name).ToListAsync(Ct);
            var users = await db.TenantUsers.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(Ct);
            var roles = new List<string>();
            foreach (var u in users) roles.AddRange((await org.RolesOfAsync(u.Id, Ct)).Order().Select(r => $"{u.UserName}:{r}"));
            var accounts = await db.OfficialAccounts.AsNoTracking().OrderBy(a => a.Handle).ToListAsync(Ct);
            var audit = await db.AuditRecords.AsNoTracking().OrderBy(r => r.Seq).Select(r => r.Hash).ToListAsync(Ct);
            var posts = await db.Posts.AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.Id, p.Text, p.Status, p.Version, p.ApprovedByName }).ToListAsync(Ct);
            var targets = await db.PostTargets.AsNoTracking().OrderBy(t => t.Id).Select(t => new { t.Id, t.AccountId, t.Status }).ToListAsync(Ct);
            var images = await db.PostImages.AsNoTracking().OrderBy(i => i.Id).Select(i => new { i.Id, i.AltText }).ToListAsync(Ct);
            var warnings = await db.ImpersonationWarnings.AsNoTracking().OrderBy(w => w.Id).Select(w => new { w.Id, w.ClearedAt }).ToListAsync(Ct);
            var scopes = await db.EmergencyScopes.AsNoTracking().OrderBy(x => x.Id).Select(x => new { x.Id, x.RevokedAt }).ToListAsync(Ct);
            var pauses = await db.PublishingPauses.AsNoTracking().CountAsync(Ct);
            var credentials = await db.PlatformCredentials.AsNoTracking().CountAsync(Ct);
            var incidents = await db.Incidents.AsNoTracking().OrderBy(x => x.Id).Select(x => new { x.Id, x.Status, x.Version, x.WarningId, x.PauseId }).ToListAsync(Ct);
            var steps = await db.IncidentSteps.AsNoTracking().OrderBy(x => x.Id).Select(x => new { x.Id, x.DoneAt }).ToListAsync(Ct);
            var escalations = await db.IncidentEscalations.AsNoTracking().OrderBy(x => x.Id).Select(x => new { x.Id, x.AcknowledgedAt, x.TimedOutAt }).ToListAsync(Ct);
            var evidence = await db.IncidentEvidence.AsNoTracking().CountAsync(Ct);
            var events = await db.IncidentEvents.AsNoTracking().CountAsync(Ct);
            var mentions = await db.Mentions.AsNoTracking().OrderBy(x => x.Id).Select(x => new { x.Id, x.Status }).ToListAsync(Ct);
            var alerts = await db.WatchAlerts.AsNoTracking().OrderBy(x => x.Id).Select(x => new { x.Id, x.Status }).ToListAsync(Ct);
            var notifications = await db.Notifications.AsNoTracking().OrderBy(x => x.Id).Select(x => new { x.Id, x.ReadAt }).ToListAsync(Ct);
            var webhooks = await db.TenantWebhooks.AsNoTracking().CountAsync(Ct);
            var notices = await db.GuidelineNotices.AsNoTracking().OrderBy(x => x.Id).Select(x => new { x.Id, x.SupersededAt }).ToListAsync(Ct);
            var acknowledgements = await db.GuidelineAcknowledgements.AsNoTracking().CountAsync(Ct);
            var reminders = await db.AcknowledgementReminders.AsNoTracking().CountAsync(Ct);
            var questions = await db.QuizQuestions.AsNoTracking().OrderBy(x => x.Id).Select(x => new { x.Id, x.Question }).ToListAsync(Ct);
            var savedChecks = await db.SavedSelfChecks.AsNoTracking().OrderBy(x => x.Id).Select(x => x.Id).ToListAsync(Ct);
            var outsideOrganizations = await db.OutsideOrganizations.AsNoTracking().OrderBy(x => x.Id).Select(x => new { x.Id, x.Version, x.EndedAt }).ToListAsync(Ct);
            var outsideAssignments = await db.OutsideAssignments.AsNoTracking().CountAsync(Ct);
            return JsonSerializer.Serialize(new
            {
                tenant.Name, tenant.Offices, tenant.RequireTwoFactorForApprovers,
                Departments = departments.Select(d => new { d.Id, d.Name, d.ParentId }),
                Users = users.Select(u => new { u.Id, u.UserName, u.DisplayName, u.DepartmentId, u.SecurityStamp, u.PasswordHash, u.TwoFactorEnabled, u.PrefersWareki }),
                roles,
                Accounts = accounts.Select(a => new { a.Id, a.Name, a.Handle, a.Status }),
                audit, posts, targets, images, warnings, scopes, pauses, credentials,
                incidents, steps, escalations, evidence, events, mentions, alerts, notifications, webhooks,
                notices, acknowledgements, reminders, questions, savedChecks, outsideOrganizations, outsideAssignments,
            });
        }, other.TenantId);

    private List<(string Template, string[] Methods, bool IsPage)> Routes() => RouteSweep.Routes(fixture.App.Services);

    /// <summary>Concrete URLs for a template: each parameter filled with each of the other tenant's ids.</summary>
    private static IEnumerable<string> Expand(string template, OtherTenant other)
    {
        // What each known route parameter is filled with: ids of the other tenant's records, or fixed values.
        var known = new Dictionary<string, IEnumerable<string>>
        {
            ["id"] = other.Ids,
            ["documentName"] = ["v1"],
            // The public directory is public by design (each municipality's published accounts, no sign-in): ask
            // it for our own municipality, whose page must show nothing of the other one.
            ["code"] = ["132039"],
            ["kind"] = ["policy", "plan"],
            // A public image address needs its image's token: the other tenant's (its post is not approved: no image).
            ["token"] = [OtherImageToken],
        };
        return RouteSweep.Expand(template, known);
    }

    private static readonly string[] PostHandlers = RouteSweep.PostHandlers;

    /// <summary>
    /// Forms with every field any page reads: one pointing every reference at the other tenant, and one that
    /// is valid on its own, so that only the route's id could reach the other tenant.
    /// </summary>
    private static IEnumerable<List<KeyValuePair<string, string>>> HostileForms(OtherTenant other) =>
        [HostileForm(other, other.DepartmentId.ToString()), HostileForm(other, "")];

    private static List<KeyValuePair<string, string>> HostileForm(OtherTenant other, string department) =>
    [
        new("id", other.UserId.ToString()),
        new("ParentId", department),
        new("DepartmentId", department),
        new("Name", "侵入テスト課"),
        new("DisplayName", "侵入 テスト"),
        new("UserName", "intruder-" + Guid.NewGuid().ToString("N")[..8]),
        new("Password", "intruder-password-1"),
        new("Roles", KohoRoles.Operator),
        new("TenantId", other.TenantId.ToString()),
        new("AccountId", other.AccountId.ToString()),
        // Posts: the other tenant's account, image and warning; a version that matches theirs.
        new("version", "1"),
        new("Form.Text", "侵入テスト投稿"),
        new("Form.Accounts", other.AccountId.ToString()),
        new("decision", "Approve"),
        new("overrideReason", "侵入"),
        new("imageId", other.ImageId.ToString()),
        new("warningId", other.WarningId.ToString()),
        new("targetId", other.TargetId.ToString()),
        new("scopeId", other.ScopeId.ToString()),
        new("pauseId", other.WarningId.ToString()),
        new("url", "https://x.com/intruder/status/1"),
        new("report", "侵入"),
        new("comment", "侵入"),
        new("title", "侵入"),
        new("accounts", other.AccountId.ToString()),
        new("kinds", "Disaster"),
        new("templates", "{x}"),
        new("validFrom", "2026-01-01"),
        new("validTo", "2026-12-31"),
        new("reason", "侵入"),
        new("platformAccountId", "intruder"),
        new("secrets[accessToken]", "intruder"),
        new("platform", "X"),
        new("handle", "intruder"),
        new("message", "侵入"),
        // Incidents and the watch: the other tenant's incident parts, mention, alert and notification.
        new("escalationId", other.EscalationId.ToString()),
        new("stepId", other.StepId.ToString()),
        new("evidenceId", other.EvidenceId.ToString()),
        new("mentionId", other.MentionId.ToString()),
        new("MentionId", other.MentionId.ToString()),
        new("alertId", other.AlertId.ToString()),
        new("AlertId", other.AlertId.ToString()),
        new("notificationId", other.NotificationId.ToString()),
        new("note", "侵入"),
        new("text", "侵入"),
        new("summary", "侵入"),
        new("lessons", "侵入"),
        new("kind", "Holding"),
        new("accountIds", other.AccountId.ToString()),
        new("Type", "Hijacking"),
        new("Title", "侵入"),
        new("Description", "侵入"),
        new("status", "NoAction"),
        new("secret", "intruder"),
        // Private use: the other tenant's notice, a confirmation with the quiz answered, a question, a self-check to keep.
        new("noticeId", other.NoticeId.ToString()),
        new("read", "true"),
        new("q0", "0"),
        new("withQuiz", "true"),
        new("dueOn", "2100-01-01"),
        new("ClauseId", "7(2)②"),
        new("Question", "侵入"),
        new("Choices", "はい\nいいえ"),
        new("Correct", "1"),
        new("Profile", "侵入"),
        new("PlannedAt", "2026-12-01T20:00"),
        new("Service", "X"),
        new("What", "侵入"),
        new("Link", "https://x.com/intruder/status/1"),
        // Outside organisations: one of the other tenant's department and account manager (the form's DepartmentId and id).
        new("Kind", "Contractor"),
        new("Service", "侵入"),
        new("PeriodFrom", "2026-01-01"),
        new("PeriodTo", "2099-12-31"),
        new("AccountManagerId", other.UserId.ToString()),
        // Outside organisations' people: one of the other tenant's users to revoke, a person to add, clauses to set or confirm.
        new("personId", other.UserId.ToString()),
        new("Person.DisplayName", "侵入 テスト"),
        new("Person.UserName", "intruder-" + Guid.NewGuid().ToString("N")[..8]),
        new("Person.Password", "intruder-password-1"),
        new("clauses", "侵入"),
        new("sha256", "0"),
    ];

    /// <summary>The same hostile values for JSON APIs.</summary>
    private static object HostileJson(OtherTenant other) => new
    {
        version = 1, text = "侵入テスト投稿", kind = "Normal", accounts = new[] { other.AccountId }, accountId = other.AccountId,
        departmentId = other.DepartmentId, tenantId = other.TenantId,
    };

    private static readonly string[] GetHandlers = RouteSweep.GetHandlers;

    [Theory]
    [InlineData("admin")]
    [InlineData("auditor")]
    [InlineData("operator")]
    public async Task No_route_reveals_or_changes_another_municipalitys_data(string userName)
    {
        var other = await OtherTenantAsync();
        var before = await SnapshotAsync(other);
        var client = await fixture.App.SignedInClientAsync(userName);
        var token = HttpClientForms.AntiforgeryToken(await client.GetHtmlAsync("/profile"));
        var routes = Routes();
        Assert.Contains(routes, r => r.Template == "/organization/users/{id:guid}");
        Assert.Contains(routes, r => r.Template.StartsWith("/api/accounts/", StringComparison.Ordinal));
        var checkedRequests = 0;

        foreach (var (template, methods, isPage) in routes)
        {
            foreach (var url in Expand(template, other))
            {
                var hasId = other.Ids.Any(url.Contains);
                if (methods.Contains("GET"))
                {
                    var response = await client.GetAsync(url, Ct);
                    await AssertNothingLeaks(response, $"GET {url} as {userName}", hasId);
                    checkedRequests++;
                    foreach (var handler in isPage ? GetHandlers : [])
                    {
                        var target = $"{url}?handler={handler}&imageId={other.ImageId}&id={other.PostId}&evidenceId={other.EvidenceId}";
                        var answer = await client.GetAsync(target, Ct);
                        await AssertNothingLeaks(answer, $"GET {target} as {userName}", hasId);
                        checkedRequests++;
                    }
                }
                // Sign-in and sign-out act on the caller's own session, not on any tenant's data.
                if (methods.Contains("POST") && template is not "/signout" and not "/signin" and not "/signin/two-factor")
                {
                    foreach (var handler in isPage ? PostHandlers : [""])
                    {
                        var target = handler.Length == 0 ? url : $"{url}?handler={handler}";
                        foreach (var form in HostileForms(other))
                        {
                            form.Add(new("__RequestVerificationToken", token));
                            var response = await client.PostAsync(target, new FormUrlEncodedContent(form), Ct);
                            if (!isPage && response.StatusCode == HttpStatusCode.UnsupportedMediaType)
                            {
                                // A JSON API: the same hostile values as JSON, with the antiforgery header.
                                using var json = new HttpRequestMessage(HttpMethod.Post, target) { Content = System.Net.Http.Json.JsonContent.Create(HostileJson(other)) };
                                json.Headers.Add("X-CSRF-TOKEN", token);
                                response = await client.SendAsync(json, Ct);
                            }
                            await AssertNothingLeaks(response, $"POST {target} as {userName}", hasId);
                            checkedRequests++;
                        }
                    }
                }
            }
        }

        Assert.True(checkedRequests > 40, $"only {checkedRequests} requests were checked");
        Assert.Equal(before, await SnapshotAsync(other));
        // The caller's own session survived the sweep (so every request above was really made signed in).
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/profile", Ct)).StatusCode);
    }

    private static async Task AssertNothingLeaks(HttpResponseMessage response, string what, bool targetsOtherTenant)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True((int)response.StatusCode < 500, $"{what} failed with {(int)response.StatusCode}");
        foreach (var marker in Markers)
        {
            Assert.False(body.Contains(marker, StringComparison.Ordinal), $"{what} revealed \"{marker}\" of another municipality");
        }
        if (targetsOtherTenant)
        {
            // Asking for another tenant's record by id is answered as if it did not exist (or not allowed).
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest or HttpStatusCode.MethodNotAllowed
                || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/denied?") == true)
                || (response.StatusCode == HttpStatusCode.OK && response.RequestMessage!.Method == HttpMethod.Post),
                $"{what} answered {(int)response.StatusCode}");
        }
    }
}

public sealed class TenantIsolationTestsOnSqlite(SqliteAppFixture fixture) : TenantIsolationTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class TenantIsolationTestsOnPostgres(PostgresAppFixture fixture) : TenantIsolationTests(fixture), IClassFixture<PostgresAppFixture>;
