using Koho.Packs;
using System.Net;
using System.Text.RegularExpressions;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.SignIn;
using Koho.Web.Tests.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Koho.Web.Tests.SignIn;

public abstract partial class SignInTests(AppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private KohoApp App => fixture.App;

    private async Task<Guid> DemoTenantAsync() =>
        await App.WithDbAsync(async (db, _) => (await db.Tenants.FirstAsync(t => t.Code == "132039", Ct)).Id);

    private async Task<string> NewUserAsync(Guid tenantId, string role, string password = "test-password-123")
    {
        var name = $"{role}-{Guid.NewGuid():N}"[..24];
        await App.WithDbAsync(async (_, sp) =>
        {
            var org = sp.GetRequiredService<OrganizationService>();
            var result = await org.CreateUserAsync(tenantId, new NewUser(name, "テスト 利用者", null, null, [role], password), AuditActor.System, Ct);
            Assert.True(result.Succeeded, string.Join(" ", result.Errors));
            return 0;
        }, tenantId);
        return name;
    }

    [Fact]
    public async Task A_password_change_needs_the_current_password_and_is_audited_with_the_new_one_working()
    {
        var tenantId = await DemoTenantAsync();
        var name = await NewUserAsync(tenantId, KohoRoles.Operator);
        var client = await App.SignedInClientAsync(name, "test-password-123");
        var wrong = await client.PostFormAsync("/profile?handler=Password", new() { ["currentPassword"] = "not-my-password", ["newPassword"] = "new-password-456" }, formPage: "/profile");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.DoesNotContain("パスワードを変更しました。", System.Net.WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync(Ct)));
        var ok = await client.PostFormAsync("/profile?handler=Password", new() { ["currentPassword"] = "test-password-123", ["newPassword"] = "new-password-456" }, formPage: "/profile");
        Assert.Contains("パスワードを変更しました。", System.Net.WebUtility.HtmlDecode(await ok.Content.ReadAsStringAsync(Ct)));
        var userId = await App.WithDbAsync(async (db, _) => (await db.TenantUsers.FirstAsync(u => u.UserName == name, Ct)).Id, tenantId);
        Assert.Equal(1, await App.WithDbAsync(async (db, _) => await db.AuditRecords.CountAsync(r => r.Action == "user.password-changed" && r.TargetId == userId.ToString(), Ct), tenantId));
        var fresh = App.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await fresh.SignInAsync(name, "new-password-456")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/profile", Ct)).StatusCode);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_and_the_API_answers_401()
    {
        var client = App.NewClient();
        var page = await client.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/signin", page.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_demo_user_signs_in_and_reaches_the_dashboard_with_their_municipality()
    {
        var client = await App.SignedInClientAsync("manager");
        var html = await client.GetHtmlAsync("/");
        Assert.Contains("武蔵野市", html);
        Assert.Contains("山田 太郎（防災課長）", html);
        Assert.Contains("運用管理責任者・所属長", html);
        Assert.Contains("武蔵野市防災情報X（デモ）", html); // the department's own account
    }

    [Fact]
    public async Task A_wrong_password_is_refused_in_Japanese_and_five_lock_the_account()
    {
        var tenantId = await DemoTenantAsync();
        var name = await NewUserAsync(tenantId, KohoRoles.Operator);
        var client = App.NewClient();
        for (var i = 1; i < IdentitySetup.MaxFailedAttempts; i++)
        {
            var r = await client.SignInAsync(name, "wrong-password-000");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("サインイン名またはパスワードが正しくありません。", await r.Content.ReadAsStringAsync(Ct));
        }
        var last = await client.SignInAsync(name, "wrong-password-000");
        Assert.Contains("一時的にロックされています", await last.Content.ReadAsStringAsync(Ct));
        // Even the right password is refused while locked.
        var right = await client.SignInAsync(name, "test-password-123");
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("一時的にロックされています", await right.Content.ReadAsStringAsync(Ct));

        var actions = await App.WithDbAsync(async (db, _) =>
            await db.AuditRecords.Where(r => r.ActorName.Contains(name)).Select(r => r.Action).ToListAsync(Ct), tenantId);
        Assert.Equal(IdentitySetup.MaxFailedAttempts - 1, actions.Count(a => a == "user.sign-in-failed"));
        Assert.Contains("user.locked-out", actions);
    }

    [Fact]
    public async Task An_unknown_name_gets_the_same_answer_as_a_wrong_password()
    {
        var r = await App.NewClient().SignInAsync("nobody-at-all", "whatever-password-1");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("サインイン名またはパスワードが正しくありません。", await r.Content.ReadAsStringAsync(Ct));
    }

    [GeneratedRegex("<code class=\"key\">([a-z2-7 ]+)</code>")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("<li><code>([A-Z0-9-]+)</code></li>")]
    private static partial Regex RecoveryCodePattern();

    [Fact]
    public async Task A_tenant_can_require_TOTP_for_approvers_who_then_enrol_with_a_QR_code_and_recovery_codes()
    {
        // A municipality of its own, so that requiring 2FA does not affect the other tests.
        var tenantId = await App.WithDbAsync(async (_, sp) =>
        {
            var org = sp.GetRequiredService<OrganizationService>();
            var code = await UnusedCodeAsync(sp);
            var tenant = (await org.CreateTenantAsync(code, "二要素市", AuditActor.System, Ct)).Value!;
            await org.UpdateSettingsAsync(tenant.Id, new OfficeNames(), requireTwoFactor: true, AuditActor.System, Ct);
            return tenant.Id;
        });
        var approver = await NewUserAsync(tenantId, KohoRoles.AccountManager);
        var operatorName = await NewUserAsync(tenantId, KohoRoles.Operator);

        // Operators are not affected.
        var op = await App.SignedInClientAsync(operatorName, "test-password-123");
        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync("/", Ct)).StatusCode);

        // The approver is held at enrolment: pages redirect there and the API refuses.
        var client = await App.SignedInClientAsync(approver, "test-password-123");
        var home = await client.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/profile/two-factor", home.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/accounts", Ct)).StatusCode);

        var stampBefore = await App.WithDbAsync(async (db, _) => (await db.Users.FirstAsync(u => u.UserName == approver, Ct)).SecurityStamp);
        var setup = await client.GetHtmlAsync("/profile/two-factor");
        Assert.Equal(stampBefore, await App.WithDbAsync(async (db, _) => (await db.Users.FirstAsync(u => u.UserName == approver, Ct)).SecurityStamp));
        // Opening the page again shows the same pending key (it is not replaced on every visit).
        Assert.Contains(KeyPattern().Match(setup).Value, await client.GetHtmlAsync("/profile/two-factor"));
        Assert.Contains("data:image/png;base64,", setup); // the QR code
        var key = KeyPattern().Match(setup).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(key));

        var wrong = await client.PostFormAsync("/profile/two-factor", new() { ["Code"] = "000000" });
        Assert.Contains("確認コードが正しくありません", await wrong.Content.ReadAsStringAsync(Ct));

        var enrolled = await client.PostFormAsync("/profile/two-factor", new() { ["Code"] = Totp.Code(key) });
        var enrolledHtml = await enrolled.Content.ReadAsStringAsync(Ct);
        var recoveryCodes = RecoveryCodePattern().Matches(enrolledHtml).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, recoveryCodes.Count);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/", Ct)).StatusCode);

        // Next sign-in asks for the code.
        var second = App.NewClient();
        var step1 = await second.SignInAsync(approver, "test-password-123");
        Assert.Equal(HttpStatusCode.Redirect, step1.StatusCode);
        Assert.StartsWith("/signin/two-factor", step1.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/", Ct)).StatusCode);
        var step2 = await second.PostFormAsync("/signin/two-factor", new() { ["Code"] = Totp.Code(key) });
        Assert.Equal(HttpStatusCode.Redirect, step2.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/", Ct)).StatusCode);

        // A recovery code works once.
        var third = App.NewClient();
        await third.SignInAsync(approver, "test-password-123");
        var recovered = await third.PostFormAsync("/signin/two-factor?handler=Recovery",
            new() { ["RecoveryCode"] = recoveryCodes[0] }, formPage: "/signin/two-factor?recovery=true");
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        var fourth = App.NewClient();
        await fourth.SignInAsync(approver, "test-password-123");
        var reused = await fourth.PostFormAsync("/signin/two-factor?handler=Recovery",
            new() { ["RecoveryCode"] = recoveryCodes[0] }, formPage: "/signin/two-factor?recovery=true");
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.Contains("リカバリーコードが正しくありません", await reused.Content.ReadAsStringAsync(Ct));

        // New recovery codes need a current code from the app.
        var noCode = await client.PostFormAsync("/profile/two-factor?handler=NewRecoveryCodes", new() { ["Code"] = "" }, formPage: "/profile/two-factor");
        Assert.Contains("現在のコードを入力してください", await noCode.Content.ReadAsStringAsync(Ct));
        var renewed = await client.PostFormAsync("/profile/two-factor?handler=NewRecoveryCodes", new() { ["Code"] = Totp.Code(key) }, formPage: "/profile/two-factor");
        Assert.Equal(10, RecoveryCodePattern().Matches(await renewed.Content.ReadAsStringAsync(Ct)).Count);

        // Required 2FA cannot be switched off by the approver.
        var disable = await client.PostFormAsync("/profile/two-factor?handler=Disable", new() { ["Code"] = Totp.Code(key) }, formPage: "/profile/two-factor");
        Assert.Contains("無効にできません", await disable.Content.ReadAsStringAsync(Ct));

        var actions = await App.WithDbAsync(async (db, _) => await db.AuditRecords.Select(r => r.Action).ToListAsync(Ct), tenantId);
        Assert.Contains("user.two-factor-enabled", actions);
        Assert.Contains("user.recovery-codes-renewed", actions);
    }

    [Fact]
    public async Task Sign_in_attempts_are_rate_limited_per_client()
    {
        TestDatabase.RequireAvailable(fixture.Kind);
        await using var database = await TestDatabase.CreateAsync(fixture.Kind);
        await using var app = new KohoApp(database, settings: new Dictionary<string, string> { [IdentitySetup.RateLimitSetting] = "3" });
        var client = app.NewClient();
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.SignInAsync("nobody", "wrong-password-0")).StatusCode);
        var limited = await client.SignInAsync("nobody", "wrong-password-0");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("試行が多すぎます", await limited.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/signin", Ct)).StatusCode); // only attempts are limited
    }

    private static async Task<string> UnusedCodeAsync(IServiceProvider sp)
    {
        var db = sp.GetRequiredService<KohoDbContext>();
        for (var n = 10000; ; n++)
        {
            var first = n.ToString();
            var code = first + LocalGovernmentCode.CheckDigit(first);
            if (!await db.Tenants.AnyAsync(t => t.Code == code, Ct)) return code;
        }
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var client = await App.SignedInClientAsync("pr");
        var r = await client.PostFormAsync("/signout", new(), formPage: "/");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/", Ct)).StatusCode);
    }
}

public sealed class SignInTestsOnSqlite(SqliteAppFixture fixture) : SignInTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class SignInTestsOnPostgres(PostgresAppFixture fixture) : SignInTests(fixture), IClassFixture<PostgresAppFixture>;
