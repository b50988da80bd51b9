using Koho.Web.Accounts;
using Koho.Web.Applications;
using Koho.Web.Organization;
using Koho.Web.Tests.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Koho.Web.Tests.Applications;

/// <summary>
/// An opening application through Musashino's steps: the applicant's own steps, the IT and PR offices' consultations
/// and ICT戦略会議 for a platform never used, returns with comments and resubmission, rejection, refusals — each
/// decision recorded and audited, and the account registered at the end.
/// </summary>
public abstract class OpeningApplicationTests(AppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<Guid> TenantAsync() =>
        fixture.App.DemoTenantIdAsync();

    private async Task<Actor> ActorAsync(string userName)
    {
        var tenantId = await TenantAsync();
        return await fixture.App.WithDbAsync(async (db, sp) =>
        {
            var u = await db.TenantUsers.FirstAsync(x => x.UserName == userName, Ct);
            var roles = await sp.GetRequiredService<OrganizationService>().RolesOfAsync(u.Id, Ct);
            return new Actor(new CurrentUser(u.Id, tenantId, u.DisplayName, u.UserName!), roles);
        }, tenantId);
    }

    private async Task<T> WithServiceAsync<T>(Func<OpeningApplicationService, Koho.Web.Database.KohoDbContext, Task<T>> work) =>
        await fixture.App.WithDbAsync(async (db, sp) => await work(sp.GetRequiredService<OpeningApplicationService>(), db), await TenantAsync());

    private async Task<ApplicationInput> InputAsync(Platform platform, bool confidential = false, string? skipItem = null)
    {
        var dept = await fixture.App.WithDbAsync(async (db, _) => (await db.Departments.FirstAsync(d => d.Name == "防災課", Ct)).Id, await TenantAsync());
        var items = Koho.Packs.PackCatalog.BuiltIn.Get("musashino").Opening.ApplicationContent;
        var answers = items.Where(i => i.Id != skipItem).ToDictionary(i => i.Id, i => (string?)$"{i.Label}について記入しました。");
        var suffix = Guid.NewGuid().ToString("N")[..6];
        return new ApplicationInput($"武蔵野市防災情報 {platform}（{suffix}）", platform, "@bousai_" + suffix, $"https://example.social/@bousai_{suffix}",
            dept, confidential, answers);
    }

    [Fact]
    public async Task A_new_platform_goes_through_the_IT_and_PR_offices_and_the_council_and_ends_as_a_registered_account()
    {
        var manager = await ActorAsync("manager");
        var submitted = await WithServiceAsync((s, _) => s.SubmitAsync(manager, InputAsync(Platform.Mastodon).Result, Ct));
        Assert.True(submitted.Succeeded, string.Join(" / ", submitted.Errors));
        var id = submitted.Value!.Id;
        var steps = OpeningApplicationService.Steps(submitted.Value);
        Assert.True(submitted.Value.NewPlatform);
        Assert.Equal(["central-first", "policy", "apply", "consult-it", "consult-pr", "council", "register"], steps.Select(s => s.Id));
        Assert.StartsWith("musashino@", submitted.Value.PackReference);

        var it = await ActorAsync("it");
        var pr = await ActorAsync("pr");
        var council = await ActorAsync("council");
        // Out of turn: the applicant's own steps are theirs; the council comes after the offices.
        Assert.Equal("この手続は申請者（所属長）が行います。", (await WithServiceAsync((s, _) => s.DecideAsync(council, id, DecisionKind.Approved, null, Ct))).Errors.Single());
        for (var i = 0; i < 3; i++) Assert.True((await WithServiceAsync((s, _) => s.DecideAsync(manager, id, DecisionKind.Done, null, Ct))).Succeeded);
        Assert.Equal("この段階を担当する役割を持っていません。", (await WithServiceAsync((s, _) => s.DecideAsync(council, id, DecisionKind.Approved, null, Ct))).Errors.Single());

        foreach (var (who, kind) in new[] { (it, DecisionKind.Approved), (pr, DecisionKind.Approved), (council, DecisionKind.Approved), (pr, DecisionKind.Approved) })
        {
            var r = await WithServiceAsync((s, _) => s.DecideAsync(who, id, kind, "確認しました", Ct));
            Assert.True(r.Succeeded, string.Join(" / ", r.Errors));
        }

        var (application, account, decisions, audits) = await WithServiceAsync(async (_, db) =>
        {
            var a = await db.OpeningApplications.AsNoTracking().FirstAsync(x => x.Id == id, Ct);
            var acc = await db.OfficialAccounts.AsNoTracking().FirstAsync(x => x.Id == a.AccountId, Ct);
            return (a, acc, await db.ApplicationDecisions.CountAsync(d => d.ApplicationId == id, Ct),
                await db.AuditRecords.CountAsync(r => r.TargetId == id.ToString(), Ct));
        });
        Assert.Equal(ApplicationStatus.Approved, application.Status);
        Assert.Equal(AccountStatus.Approved, account.Status);
        Assert.Equal(application.AccountName, account.Name);
        Assert.Equal(8, decisions); // the submission and seven steps
        Assert.Equal(8, audits);

        // Approved accounts are published: citizens can now recognise it.
        var html = System.Net.WebUtility.HtmlDecode(await fixture.App.NewClient().GetHtmlAsync("/directory/132039"));
        Assert.Contains(account.Name, html);
    }

    [Fact]
    public async Task A_platform_already_in_use_skips_the_council_and_a_returned_application_is_corrected_and_resubmitted()
    {
        var manager = await ActorAsync("manager");
        var submitted = await WithServiceAsync((s, _) => s.SubmitAsync(manager, InputAsync(Platform.X).Result, Ct));
        Assert.True(submitted.Succeeded);
        Assert.False(submitted.Value!.NewPlatform);
        Assert.DoesNotContain(OpeningApplicationService.Steps(submitted.Value), s => s.Actor == "council");
        var id = submitted.Value.Id;
        for (var i = 0; i < 3; i++) await WithServiceAsync((s, _) => s.DecideAsync(manager, id, DecisionKind.Done, null, Ct));

        var pr = await ActorAsync("pr");
        var noReason = await WithServiceAsync((s, _) => s.DecideAsync(pr, id, DecisionKind.Returned, " ", Ct));
        Assert.Equal("差し戻す理由をコメントに書いてください。", noReason.Errors.Single());
        var returned = await WithServiceAsync((s, _) => s.DecideAsync(pr, id, DecisionKind.Returned, "対象者を具体的に書いてください。", Ct));
        Assert.Equal(ApplicationStatus.Returned, returned.Value!.Status);
        Assert.Contains(await WithServiceAsync((s, _) => s.WaitingForAsync(manager, Ct)), a => a.Id == id);

        var input = await InputAsync(Platform.X);
        var corrected = await WithServiceAsync((s, _) => s.ResubmitAsync(manager, id, input with { AccountName = "武蔵野市防災情報X（修正）" }, Ct));
        Assert.True(corrected.Succeeded, string.Join(" / ", corrected.Errors));
        Assert.Equal(ApplicationStatus.InReview, corrected.Value!.Status);
        Assert.Equal(3, corrected.Value.CurrentStep); // it goes on from the step that returned it
        Assert.Equal("register", OpeningApplicationService.Steps(corrected.Value)[3].Id);
        var approved = await WithServiceAsync((s, _) => s.DecideAsync(pr, id, DecisionKind.Approved, null, Ct));
        Assert.Equal(ApplicationStatus.Approved, approved.Value!.Status);
    }

    [Fact]
    public async Task One_person_does_not_sign_for_two_offices_and_a_section_head_applies_only_for_their_own_department()
    {
        var manager = await ActorAsync("manager");
        // YouTube: never used by the demo municipality, so the IT and PR offices' consultations both apply.
        var submitted = await WithServiceAsync((s, _) => s.SubmitAsync(manager, InputAsync(Platform.YouTube).Result, Ct));
        var id = submitted.Value!.Id;
        Assert.True(submitted.Value.NewPlatform);
        for (var i = 0; i < 3; i++) await WithServiceAsync((s, _) => s.DecideAsync(manager, id, DecisionKind.Done, null, Ct));
        var it = await ActorAsync("it");
        var itAndPr = it with { Roles = [.. it.Roles, KohoRoles.PrOffice] };
        Assert.True((await WithServiceAsync((s, _) => s.DecideAsync(itAndPr, id, DecisionKind.Approved, null, Ct))).Succeeded);
        var second = await WithServiceAsync((s, _) => s.DecideAsync(itAndPr, id, DecisionKind.Approved, null, Ct));
        Assert.Contains("同じ人が別々の部署の段階を承認することはできません", second.Errors.Single());

        var otherDepartment = await fixture.App.WithDbAsync(async (db, _) => (await db.Departments.FirstAsync(d => d.Name == "秘書広報課", Ct)).Id, await TenantAsync());
        var foreign = await WithServiceAsync((s, _) => s.SubmitAsync(manager, InputAsync(Platform.Line).Result with { DepartmentId = otherDepartment }, Ct));
        Assert.Contains("申請できるのは自分の所属", foreign.Errors.Single());
    }

    [Fact]
    public async Task The_applicant_never_approves_their_own_application()
    {
        var manager = await ActorAsync("manager");
        var submitted = await WithServiceAsync((s, _) => s.SubmitAsync(manager, InputAsync(Platform.X).Result, Ct));
        var id = submitted.Value!.Id;
        for (var i = 0; i < 3; i++) await WithServiceAsync((s, _) => s.DecideAsync(manager, id, DecisionKind.Done, null, Ct));
        // Even holding the PR office's role too, the applicant cannot sign the PR office's step.
        var both = manager with { Roles = [.. manager.Roles, KohoRoles.PrOffice] };
        var r = await WithServiceAsync((s, _) => s.DecideAsync(both, id, DecisionKind.Approved, null, Ct));
        Assert.Equal("申請者は自分の申請を承認できません。", r.Errors.Single());
        var pr = await ActorAsync("pr");
        var rejected = await WithServiceAsync((s, _) => s.DecideAsync(pr, id, DecisionKind.Rejected, "市の公式アカウントで足ります。", Ct));
        Assert.Equal(ApplicationStatus.Rejected, rejected.Value!.Status);
        var late = await WithServiceAsync((s, _) => s.DecideAsync(pr, id, DecisionKind.Approved, null, Ct));
        Assert.Equal("この申請は「却下」です。", late.Errors.Single());
    }

    [Fact]
    public async Task Confidential_use_missing_items_and_staff_without_the_section_head_role_are_refused_and_nothing_is_saved()
    {
        var count = () => WithServiceAsync(async (_, db) => await db.OpeningApplications.CountAsync(Ct));
        var before = await count();
        var manager = await ActorAsync("manager");

        var confidential = await WithServiceAsync((s, _) => s.SubmitAsync(manager, InputAsync(Platform.Line, confidential: true).Result, Ct));
        Assert.Contains(confidential.Errors, e => e.Contains("約款による外部サービス"));
        var missing = await WithServiceAsync((s, _) => s.SubmitAsync(manager, InputAsync(Platform.Line, skipItem: "purpose").Result, Ct));
        Assert.Contains(missing.Errors, e => e.StartsWith("「", StringComparison.Ordinal) && e.EndsWith("」を記入してください。", StringComparison.Ordinal));
        var operatorActor = await ActorAsync("operator");
        var notHead = await WithServiceAsync((s, _) => s.SubmitAsync(operatorActor, InputAsync(Platform.Line).Result, Ct));
        Assert.Contains("所属長", notHead.Errors.Single());
        Assert.Equal(before, await count());
    }
}

public sealed class OpeningApplicationTestsOnSqlite(SqliteAppFixture fixture) : OpeningApplicationTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class OpeningApplicationTestsOnPostgres(PostgresAppFixture fixture) : OpeningApplicationTests(fixture), IClassFixture<PostgresAppFixture>;
