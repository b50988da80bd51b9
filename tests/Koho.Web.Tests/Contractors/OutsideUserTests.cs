using System.Net;
using System.Text.RegularExpressions;
using Koho.Web.Audit;
using Koho.Web.Contractors;
using Koho.Web.Organization;
using Koho.Web.Posts;
using Koho.Web.Shell;
using Koho.Web.Tests.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Koho.Web.Tests.Contractors;

/// <summary>
/// People of outside organisations (指定管理者・委託事業者・財政援助出資団体): accounts made from the organisation's page
/// with the operator role only and a second factor; they reach the posts of the accounts entrusted to the organisation
/// and nothing else, through any page or API route; they draft once they confirmed the guideline and their
/// representative the contract's clauses; the municipality's account manager approves; access ends by itself with the
/// period and at once when the organisation is ended.
/// </summary>
public abstract partial class OutsideUserTests(AppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static string Html(string s) => WebUtility.HtmlDecode(s);
    private const string Password = "outside-password-2026";
    private static DateOnly Today => JapaneseDates.TodayJst(TimeProvider.System);

    [GeneratedRegex("<code class=\"key\">([a-z2-7 ]+)</code>")]
    private static partial Regex KeyPattern();

    private Task<T> Db<T>(Func<Koho.Web.Database.KohoDbContext, Task<T>> work) =>
        fixture.App.WithDbAsync(async (db, _) => await work(db), fixture.App.DemoTenantIdAsync().Result);

    private Task<Guid> AccountAsync(string name) => Db(async db => (await db.OfficialAccounts.FirstAsync(a => a.Name == name, Ct)).Id);

    /// <summary>An organisation registered by 防災課長 with the 防災 account entrusted to it.</summary>
    private async Task<Guid> OrganizationAsync(KohoApp app, string name, DateOnly to)
    {
        var (department, manager) = await app.WithDbAsync(async (db, _) =>
            ((await db.Departments.FirstAsync(d => d.Name == "防災課", Ct)).Id, (await db.TenantUsers.FirstAsync(u => u.UserName == "manager", Ct)).Id),
            await app.DemoTenantIdAsync());
        var client = await app.SignedInClientAsync("manager");
        var registered = await client.PostFormAsync("/contractors/new", new()
        {
            ["Name"] = name, ["Kind"] = "DesignatedManager", ["Service"] = "防災センターの管理運営",
            ["PeriodFrom"] = Today.AddMonths(-1).ToString("yyyy-MM-dd"), ["PeriodTo"] = to.ToString("yyyy-MM-dd"),
            ["DepartmentId"] = department.ToString(), ["AccountManagerId"] = manager.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var id = Guid.Parse(registered.Headers.Location!.OriginalString.Split('/').Last());
        var bousai = await app.WithDbAsync(async (db, _) => (await db.OfficialAccounts.FirstAsync(a => a.Name == "武蔵野市防災情報X（デモ）", Ct)).Id, await app.DemoTenantIdAsync());
        var assigned = await client.PostFormAsync($"/contractors/{id}?handler=Assign", new() { ["accountId"] = bousai.ToString() }, formPage: $"/contractors/{id}");
        Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
        return id;
    }

    /// <summary>The account manager adds a person on the organisation's page; the person signs in and enrols a second factor.</summary>
    private static async Task<(HttpClient Client, string UserName, string Key)> PersonAsync(KohoApp app, Guid organization, string displayName, bool representative)
    {
        var manager = await app.SignedInClientAsync("manager");
        var userName = "ext-" + Guid.NewGuid().ToString("N")[..8];
        var added = await manager.PostFormAsync($"/contractors/{organization}?handler=Person", new()
        {
            ["Person.DisplayName"] = displayName, ["Person.UserName"] = userName, ["Person.Password"] = Password,
            ["Person.Representative"] = representative ? "true" : "false",
        }, formPage: $"/contractors/{organization}");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var client = app.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(userName, Password)).StatusCode);
        // A second factor is required of them whatever the municipality's setting: every page sends them to enrolment first.
        var home = await client.GetAsync("/", Ct);
        Assert.Equal("/profile/two-factor", home.Headers.Location!.OriginalString);
        var key = KeyPattern().Match(await client.GetHtmlAsync("/profile/two-factor")).Groups[1].Value;
        var enrolled = await client.PostFormAsync("/profile/two-factor", new() { ["Code"] = Totp.Code(key) });
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/", Ct)).StatusCode);
        return (client, userName, key);
    }

    /// <summary>The guideline (no notice published) and the representative's confirmation of clauses the manager wrote.</summary>
    private static async Task ReadyAsync(KohoApp app, Guid organization, HttpClient person, HttpClient representative)
    {
        var manager = await app.SignedInClientAsync("manager");
        var page = Html(await manager.GetHtmlAsync($"/contractors/{organization}"));
        var version = Regex.Match(page, "name=\"version\" value=\"(\\d+)\"").Groups[1].Value;
        var set = await manager.PostFormAsync($"/contractors/{organization}?handler=Clauses",
            new() { ["version"] = version, ["clauses"] = "第12条 受託者は、市のソーシャルメディア利用ガイドラインに従い、公式アカウントを運用する。" }, formPage: $"/contractors/{organization}");
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        foreach (var client in new[] { person, representative }.Distinct())
        {
            var confirm = Html(await client.GetHtmlAsync("/contractors/confirm"));
            var sha = Regex.Match(confirm, "name=\"packSha256\" value=\"([0-9a-f]+)\"").Groups[1].Value;
            var done = await client.PostFormAsync("/contractors/confirm?handler=Guideline", new() { ["packSha256"] = sha, ["read"] = "true" }, formPage: "/contractors/confirm");
            Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        }
        var clausesPage = Html(await representative.GetHtmlAsync("/contractors/confirm"));
        var clausesSha = Regex.Match(clausesPage, "name=\"sha256\" value=\"([0-9a-f]+)\"").Groups[1].Value;
        var confirmed = await representative.PostFormAsync("/contractors/confirm?handler=Clauses", new() { ["sha256"] = clausesSha, ["read"] = "true" }, formPage: "/contractors/confirm");
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
    }

    [Fact]
    public async Task People_are_added_with_the_operator_role_only_and_bad_input_adds_no_one()
    {
        var organization = await OrganizationAsync(fixture.App, "株式会社まちづくり広報", Today.AddMonths(6));
        var manager = await fixture.App.SignedInClientAsync("manager");
        var before = await Db(db => db.TenantUsers.CountAsync(Ct));
        var bad = await manager.PostFormAsync($"/contractors/{organization}?handler=Person", new()
        {
            ["Person.DisplayName"] = "", ["Person.UserName"] = "ext bad", ["Person.Password"] = "short",
        }, formPage: $"/contractors/{organization}");
        var html = Html(await bad.Content.ReadAsStringAsync(Ct));
        Assert.Contains("氏名を100文字以内で入力してください。", html);
        Assert.Contains("サインイン名に使えるのは半角英数字と - . _ @ だけです。", html);
        Assert.Contains("パスワードは12文字以上にしてください。", html);
        // An operator of the municipality cannot add people to an organisation.
        var op = await fixture.App.SignedInClientAsync("operator");
        var refused = await op.PostFormAsync($"/contractors/{organization}?handler=Person", new()
        {
            ["Person.DisplayName"] = "侵入 太郎", ["Person.UserName"] = "ext-intruder", ["Person.Password"] = Password,
        }, formPage: $"/contractors/{organization}");
        Assert.Contains("団体が見つかりません。", Html(await refused.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(before, await Db(db => db.TenantUsers.CountAsync(Ct)));

        var (_, userName, _) = await PersonAsync(fixture.App, organization, "広報 花子", representative: true);
        var (person, roles) = await fixture.App.WithDbAsync(async (db, sp) =>
        {
            var u = await db.TenantUsers.FirstAsync(x => x.UserName == userName, Ct);
            return (u, await sp.GetRequiredService<OrganizationService>().RolesOfAsync(u.Id, Ct));
        }, await fixture.App.DemoTenantIdAsync());
        Assert.Equal(organization, person.OutsideOrganizationId);
        Assert.True(person.IsOutsideRepresentative);
        Assert.Null(person.DepartmentId);
        Assert.Equal([KohoRoles.Operator], roles);
        var created = await Db(db => db.AuditRecords.FirstAsync(r => r.Action == "user.created" && r.TargetId == person.Id.ToString(), Ct));
        Assert.Contains("株式会社まちづくり広報", created.After);

        // Not even an administrator gives them another role or a department of the municipality.
        var promoted = await fixture.App.WithDbAsync(async (db, sp) =>
        {
            var admin = await db.TenantUsers.FirstAsync(u => u.UserName == "admin", Ct);
            var department = await db.Departments.FirstAsync(d => d.Name == "防災課", Ct);
            var service = sp.GetRequiredService<OrganizationService>();
            return (await service.UpdateUserAsync(admin.TenantId, person.Id, null, [KohoRoles.Operator, KohoRoles.AccountManager], new AuditActor(admin.Id, "admin"), Ct),
                await service.UpdateUserAsync(admin.TenantId, person.Id, department.Id, [KohoRoles.Operator], new AuditActor(admin.Id, "admin"), Ct));
        }, await fixture.App.DemoTenantIdAsync());
        Assert.Contains(OrganizationService.OutsideRolesMessage, promoted.Item1.Errors);
        Assert.Contains(OrganizationService.OutsideRolesMessage, promoted.Item2.Errors);

        // They are not the municipality's staff: HR's confirmation list and role-wide notices leave them out.
        Assert.False(await Db(db => db.UsersInRole(KohoRoles.Operator).AnyAsync(u => u.Id == person.Id, Ct)));
        var page = Html(await manager.GetHtmlAsync($"/contractors/{organization}"));
        Assert.Contains("広報 花子", page);
        Assert.Contains("代表者", page);
    }

    [Fact]
    public async Task An_outside_person_reaches_only_the_posts_of_the_entrusted_accounts_through_every_route()
    {
        var organization = await OrganizationAsync(fixture.App, "一般財団法人 防災まちづくり協会", Today.AddMonths(6));
        var other = await OrganizationAsync(fixture.App, "株式会社 別団体", Today.AddMonths(6));
        var (person, _, _) = await PersonAsync(fixture.App, organization, "防災 一郎", representative: true);
        await ReadyAsync(fixture.App, organization, person, person);
        var bousai = await AccountAsync("武蔵野市防災情報X（デモ）");
        var official = await AccountAsync("武蔵野市公式X（デモ）");
        var line = await AccountAsync("武蔵野市LINE公式アカウント（デモ）");

        // The municipality's own drafts: one on an account not entrusted, one on both (it names the other account).
        var (secret, both) = await fixture.App.WithDbAsync(async (db, sp) =>
        {
            var posts = sp.GetRequiredService<PostService>();
            var pr = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [
                new(System.Security.Claims.ClaimTypes.NameIdentifier, (await db.TenantUsers.FirstAsync(u => u.UserName == "pr", Ct)).Id.ToString()),
                new(KohoClaims.Tenant, (await fixture.App.DemoTenantIdAsync()).ToString()), new(KohoClaims.DisplayName, "広報"),
                new(System.Security.Claims.ClaimTypes.Role, KohoRoles.PrOffice),
            ], "test"));
            var a = await posts.SaveAsync(pr, null, null, new PostInput("庁内限定の下書きマーカー：来月の人事異動", PostKind.Normal, null, [official]), Ct);
            var b = await posts.SaveAsync(pr, null, null, new PostInput("両方に出す下書きマーカー：防災訓練のお知らせ", PostKind.Normal, null, [official, bousai]), Ct);
            return (a.Value!.Id, b.Value!.Id);
        }, await fixture.App.DemoTenantIdAsync());

        // Their own draft on the entrusted account works, and they see it.
        var draft = await person.PostFormAsync("/posts/new", new() { ["Form.Text"] = "防災センターの見学会を開きます。", ["Form.Accounts"] = bousai.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, draft.StatusCode);
        var mine = Guid.Parse(draft.Headers.Location!.OriginalString.Split('/').Last());
        Assert.Contains("防災センターの見学会を開きます。", Html(await person.GetHtmlAsync("/posts")));
        Assert.Contains("防災センターの見学会を開きます。", Html(await person.GetHtmlAsync($"/posts/{mine}")));
        // The new-post form offers the entrusted account only.
        var form = Html(await person.GetHtmlAsync("/posts/new"));
        Assert.Contains("武蔵野市防災情報X（デモ）", form);
        Assert.DoesNotContain("武蔵野市公式X（デモ）", form);

        string[] markers = ["武蔵野市公式X（デモ）", "武蔵野市公式Facebook（デモ）", "武蔵野市LINE公式アカウント（デモ）", "子育て応援Instagram",
            "庁内限定の下書きマーカー", "両方に出す下書きマーカー", "株式会社 別団体"];
        var ids = await Db(async db => new[]
        {
            official, line, secret, both, other,
            (await db.TenantUsers.FirstAsync(u => u.UserName == "manager", Ct)).Id,
            (await db.Departments.FirstAsync(d => d.Name == "防災課", Ct)).Id,
            await db.AuditRecords.OrderBy(r => r.Seq).Select(r => r.Id).FirstAsync(Ct),
        }.Select(g => g.ToString()).ToList());
        var known = new Dictionary<string, IEnumerable<string>>
        {
            ["id"] = ids, ["documentName"] = ["v1"], ["code"] = ["132039"], ["kind"] = ["policy", "plan"], ["token"] = ["0123456789abcdef0123456789abcdef0123456789abcdef"],
        };
        var snapshot = await SnapshotAsync();
        var token = HttpClientForms.AntiforgeryToken(await person.GetHtmlAsync("/profile"));
        var requests = 0;
        foreach (var (template, methods, isPage) in RouteSweep.Routes(fixture.App.Services))
        {
            // Signing in and out act on the caller's own session; the public directory is public by design.
            if (template is "/signout" or "/signin" or "/signin/two-factor" || template.StartsWith("/directory", StringComparison.Ordinal)
                || template.StartsWith("/media/", StringComparison.Ordinal) || template == "/healthz") continue;
            foreach (var url in RouteSweep.Expand(template, known))
            {
                var allowed = OutsideAccess.Allows(new Microsoft.AspNetCore.Http.PathString(url));
                if (methods.Contains("GET"))
                {
                    foreach (var target in new[] { url }.Concat(isPage ? RouteSweep.GetHandlers.Select(h => $"{url}?handler={h}&imageId={ids[0]}&id={secret}") : []))
                    {
                        AssertReachable(await person.GetAsync(target, Ct), allowed, markers, $"GET {target}");
                        requests++;
                    }
                }
                if (!methods.Contains("POST")) continue;
                foreach (var handler in isPage ? RouteSweep.PostHandlers : [""])
                {
                    var target = handler.Length == 0 ? url : $"{url}?handler={handler}";
                    List<KeyValuePair<string, string>> hostile =
                    [
                        new("Form.Text", "侵入テスト投稿"), new("Form.Accounts", official.ToString()), new("accountId", official.ToString()),
                        new("version", "1"), new("decision", "Approve"), new("personId", ids[5]), new("reason", "侵入"), new("comment", "侵入"),
                        new("Name", "侵入"), new("Title", "侵入"), new("Description", "侵入"), new("Type", "Flaming"), new("AccountId", official.ToString()),
                        new("clauses", "侵入"), new("read", "true"), new("__RequestVerificationToken", token),
                    ];
                    var response = await person.PostAsync(target, new FormUrlEncodedContent(hostile), Ct);
                    if (!isPage && response.StatusCode == HttpStatusCode.UnsupportedMediaType)
                    {
                        using var json = new HttpRequestMessage(HttpMethod.Post, target)
                        {
                            Content = System.Net.Http.Json.JsonContent.Create(new { version = 1, text = "侵入テスト投稿", kind = "Normal", accounts = new[] { official } }),
                        };
                        json.Headers.Add("X-CSRF-TOKEN", token);
                        response = await person.SendAsync(json, Ct);
                    }
                    AssertReachable(response, allowed, markers, $"POST {target}");
                    requests++;
                }
            }
        }
        Assert.True(requests > 200, $"only {requests} requests were made");
        // Nothing of the municipality changed, and the person is still signed in (every request was really theirs).
        Assert.Equal(snapshot, await SnapshotAsync());
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/profile", Ct)).StatusCode);
        var list = Html(await person.GetHtmlAsync("/posts"));
        Assert.Contains("防災センターの見学会を開きます。", list);
        Assert.DoesNotContain("両方に出す下書きマーカー", list);
    }

    /// <summary>
    /// A route the gate does not allow is refused before any page runs (the denied page, or 403 for the API); an allowed
    /// one answers without anything of the municipality beyond the entrusted accounts.
    /// </summary>
    private static void AssertReachable(HttpResponseMessage response, bool allowedRoute, string[] markers, string what)
    {
        var body = response.Content.ReadAsStringAsync(Ct).Result;
        Assert.True((int)response.StatusCode < 500, $"{what} failed with {(int)response.StatusCode}");
        foreach (var marker in markers) Assert.False(body.Contains(marker, StringComparison.Ordinal), $"{what} revealed \"{marker}\"");
        if (!allowedRoute)
        {
            var denied = response.StatusCode == HttpStatusCode.Forbidden
                         || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString is "/denied" or "/contractors/confirm");
            Assert.True(denied, $"{what} answered {(int)response.StatusCode} {response.Headers.Location} to an outside person");
        }
    }

    /// <summary>The municipality's data an outside person must not change: posts, accounts, organisations, users, incidents.</summary>
    private Task<string> SnapshotAsync() => Db(async db => System.Text.Json.JsonSerializer.Serialize(new
    {
        Posts = await db.Posts.OrderBy(p => p.Id).Select(p => new { p.Id, p.Text, p.Status, p.Version }).ToListAsync(Ct),
        Targets = await db.PostTargets.OrderBy(t => t.Id).Select(t => new { t.PostId, t.AccountId, t.Status }).ToListAsync(Ct),
        Accounts = await db.OfficialAccounts.OrderBy(a => a.Id).Select(a => new { a.Id, a.Name, a.Status, a.PasswordChangedOn }).ToListAsync(Ct),
        Organizations = await db.OutsideOrganizations.OrderBy(o => o.Id).Select(o => new { o.Id, o.Version, o.EndedAt }).ToListAsync(Ct),
        Assignments = await db.OutsideAssignments.CountAsync(Ct),
        Users = await db.TenantUsers.OrderBy(u => u.Id).Select(u => new { u.Id, u.DepartmentId, u.LockoutEnd, u.OutsideOrganizationId }).ToListAsync(Ct),
        Roles = await db.UserRoles.CountAsync(Ct),
        Incidents = await db.Incidents.CountAsync(Ct),
        Applications = await db.OpeningApplications.CountAsync(Ct),
    }));

    [Fact]
    public async Task Drafting_waits_for_both_confirmations_and_only_the_municipalitys_account_manager_approves()
    {
        var organization = await OrganizationAsync(fixture.App, "NPO法人 防災ネット", Today.AddMonths(6));
        var (representative, _, _) = await PersonAsync(fixture.App, organization, "代表 二郎", representative: true);
        var (person, _, _) = await PersonAsync(fixture.App, organization, "担当 三郎", representative: false);
        var bousai = await AccountAsync("武蔵野市防災情報X（デモ）");
        var postsBefore = await Db(db => db.Posts.CountAsync(Ct));

        // Before confirming: the new-post page sends them to the confirmations, a draft sent anyway is refused.
        var open = await person.GetAsync("/posts/new", Ct);
        Assert.Equal("/contractors/confirm", open.Headers.Location!.OriginalString);
        var early = await person.PostFormAsync("/posts/new", new() { ["Form.Text"] = "見学会のお知らせ", ["Form.Accounts"] = bousai.ToString() }, formPage: "/posts");
        Assert.Contains(OutsideReadiness.NotReady, Html(await early.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(postsBefore, await Db(db => db.Posts.CountAsync(Ct)));

        // The confirmations page: the guideline in full, the clauses not yet written.
        var confirm = Html(await person.GetHtmlAsync("/contractors/confirm"));
        Assert.Contains("ガイドラインの全文", confirm);
        Assert.Contains("所管課が契約書・協定書の SNS の運用に関する条項をまだ登録していません。", confirm);
        var notRead = await person.PostFormAsync("/contractors/confirm?handler=Guideline", new() { ["packSha256"] = "x" }, formPage: "/contractors/confirm");
        Assert.Contains("ガイドラインの版が変わりました", Html(await notRead.Content.ReadAsStringAsync(Ct)));

        await ReadyAsync(fixture.App, organization, person, representative);
        var readyPage = Html(await person.GetHtmlAsync("/contractors/confirm"));
        Assert.Contains("確認はすべて済んでいます。", readyPage);
        Assert.Contains("代表 二郎", readyPage);
        // Only the representative confirms clauses; a non-representative's attempt is refused.
        var notRepresentative = await person.PostFormAsync("/contractors/confirm?handler=Clauses", new() { ["sha256"] = "x", ["read"] = "true" }, formPage: "/contractors/confirm");
        Assert.Contains("契約条項の確認は団体の代表者が行います。", Html(await notRepresentative.Content.ReadAsStringAsync(Ct)));

        // Now the draft goes through the same checker, to the account manager.
        var draft = await person.PostFormAsync("/posts/new", new() { ["Form.Text"] = "防災センターの見学会を開きます。ぜひお越しください。", ["Form.Accounts"] = bousai.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, draft.StatusCode);
        var id = Guid.Parse(draft.Headers.Location!.OriginalString.Split('/').Last());
        var post = await Db(db => db.Posts.FirstAsync(p => p.Id == id, Ct));
        Assert.Equal("NPO法人 防災ネット", post.OutsideOrganizationName);
        Assert.NotNull(post.PackReference); // the checker ran under the municipality's pack
        var submitted = await person.PostFormAsync($"/posts/{id}?handler=Submit", new()
        {
            ["version"] = post.Version.ToString(), ["Form.Text"] = post.Text, ["Form.Accounts"] = bousai.ToString(),
        }, formPage: $"/posts/{id}");
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var version = await Db(async db => (await db.Posts.FirstAsync(p => p.Id == id, Ct)).Version);

        // Their own representative cannot approve it (and sees no decision form).
        var own = await representative.GetHtmlAsync($"/posts/{id}");
        Assert.DoesNotContain("handler=Decide", own);
        var selfApproval = await representative.PostFormAsync($"/posts/{id}?handler=Decide", new() { ["version"] = version.ToString(), ["decision"] = "Approve" }, formPage: $"/posts/{id}");
        Assert.NotEqual(HttpStatusCode.Redirect, selfApproval.StatusCode);
        Assert.Equal(PostStatus.Submitted, await Db(async db => (await db.Posts.FirstAsync(p => p.Id == id, Ct)).Status));

        // The municipality's account manager sees the organisation beside the post and approves.
        var manager = await fixture.App.SignedInClientAsync("manager");
        var queue = Html(await manager.GetHtmlAsync("/posts/approvals"));
        Assert.Contains("NPO法人 防災ネット", queue);
        var approved = await manager.PostFormAsync($"/posts/{id}?handler=Decide", new() { ["version"] = version.ToString(), ["decision"] = "Approve" }, formPage: $"/posts/{id}");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal(PostStatus.Approved, await Db(async db => (await db.Posts.FirstAsync(p => p.Id == id, Ct)).Status));
        Assert.Contains("担当 三郎（NPO法人 防災ネット）", Html(await manager.GetHtmlAsync($"/posts/{id}")));

        // The audit trail names the organisation with the person, and the post's record carries it.
        var records = await Db(db => db.AuditRecords.Where(r => r.TargetId == id.ToString()).OrderBy(r => r.Seq).ToListAsync(Ct));
        Assert.Contains(records, r => r.Action == "post.created" && r.ActorName.Contains("NPO法人 防災ネット") && r.After!.Contains("NPO法人 防災ネット"));
        Assert.Contains(records, r => r.Action == "post.approved" && !r.ActorName.Contains("NPO法人"));

        // Published (by hand: the demo account has no connection), its public record names the organisation.
        await fixture.App.Services.GetRequiredService<Koho.Web.Posts.Publishing.Publisher>().RunOnceAsync(Ct);
        var target = await Db(db => db.PostTargets.FirstAsync(t => t.PostId == id, Ct));
        var recorded = await person.PostFormAsync($"/posts/{id}?handler=Manual", new() { ["targetId"] = target.Id.ToString(), ["url"] = "https://x.com/musashino_bousai_demo/status/9" },
            formPage: $"/posts/{id}");
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        var auditor = await fixture.App.SignedInClientAsync("auditor");
        var csv = await auditor.GetStringAsync($"/posts/archive?account={bousai}&handler=Csv", Ct);
        Assert.Contains(csv.Split('\n'), line => line.Contains("防災センターの見学会を開きます。") && line.Contains(",担当 三郎,NPO法人 防災ネット,"));

        // An incident on the entrusted account names the organisation in its list and report.
        var incident = await manager.PostFormAsync("/incidents/new", new()
        {
            ["Type"] = "Flaming", ["Title"] = "見学会の投稿に批判が集まっている", ["Description"] = "返信が急増", ["AccountId"] = bousai.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, incident.StatusCode);
        var incidentPage = Html(await manager.PageAfterAsync(incident));
        Assert.Contains("NPO法人 防災ネット（外部の運用団体）", incidentPage);
        Assert.Contains("NPO法人 防災ネット", Html(await manager.GetHtmlAsync("/incidents")));
    }

    [Fact]
    public async Task Where_HR_published_the_version_in_force_the_person_confirms_it_with_its_quiz()
    {
        // An app of its own: HR's notice would change what the other tests' people confirm.
        await using var app = new KohoApp(await TestDatabase.CreateAsync(fixture.Kind));
        var organization = await OrganizationAsync(app, "株式会社 クイズ確認", Today.AddMonths(6));
        var (person, userName, _) = await PersonAsync(app, organization, "確認 四郎", representative: false);
        var hr = await app.SignedInClientAsync("hr");
        var clause = await app.WithDbAsync(async (db, sp) =>
            (await sp.GetRequiredService<Koho.Web.Packs.GuidelinePackService>().ForTenantAsync(await app.DemoTenantIdAsync(), Ct)).Pack.Clauses[0].Id);
        var question = await hr.PostFormAsync("/private-use/quiz", new()
        {
            ["ClauseId"] = clause, ["Question"] = "公式アカウントの投稿は誰の承認を経ますか。", ["Choices"] = "運用管理責任者\n誰の承認も要らない", ["Correct"] = "1",
        });
        Assert.Equal(HttpStatusCode.Redirect, question.StatusCode);
        var published = await hr.PostFormAsync("/private-use/acknowledgements?handler=Publish", new() { ["withQuiz"] = "true" }, formPage: "/private-use/acknowledgements");
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);

        // The notice's link takes them to their own page; the quiz is there, and the plain confirmation is refused.
        var link = await person.GetAsync("/private-use/acknowledge", Ct);
        Assert.Equal("/contractors/confirm", link.Headers.Location!.OriginalString);
        var page = Html(await person.GetHtmlAsync("/contractors/confirm"));
        Assert.Contains("公式アカウントの投稿は誰の承認を経ますか。", page);
        var plain = await person.PostFormAsync("/contractors/confirm?handler=Guideline", new() { ["packSha256"] = "x", ["read"] = "true" }, formPage: "/contractors/confirm");
        Assert.Contains("人事担当が周知した版を、確認のクイズとともに確認してください。", Html(await plain.Content.ReadAsStringAsync(Ct)));
        var noticeId = Regex.Match(page, "name=\"noticeId\" value=\"([0-9a-f-]+)\"").Groups[1].Value;
        var wrong = await person.PostFormAsync("/contractors/confirm?handler=Notice", new() { ["noticeId"] = noticeId, ["q0"] = "1", ["read"] = "true" }, formPage: "/contractors/confirm");
        Assert.Contains("1問中 1問が正しくありません。", Html(await wrong.Content.ReadAsStringAsync(Ct)));
        var right = await person.PostFormAsync("/contractors/confirm?handler=Notice", new() { ["noticeId"] = noticeId, ["q0"] = "0", ["read"] = "true" }, formPage: "/contractors/confirm");
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Contains("に確認済みです。", Html(await person.GetHtmlAsync("/contractors/confirm")));
        var tenant = await app.DemoTenantIdAsync();
        var userId = await app.WithDbAsync(async (db, _) => (await db.TenantUsers.FirstAsync(u => u.UserName == userName, Ct)).Id, tenant);
        Assert.True(await app.WithDbAsync(async (db, _) => await db.GuidelineAcknowledgements.AnyAsync(a => a.UserId == userId, Ct), tenant));
        // HR's list is of the municipality's staff: the outside person is not counted there.
        var staffList = Html(await hr.GetHtmlAsync("/private-use/acknowledgements"));
        Assert.Contains("山田 太郎（防災課長）", staffList);
        Assert.DoesNotContain("確認 四郎", staffList);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Access_ends_by_itself_with_the_period_and_at_once_when_the_organisation_is_ended(bool endedByTheMunicipality)
    {
        var clock = new MovableClock();
        await using var app = new KohoApp(await TestDatabase.CreateAsync(fixture.Kind), configureServices: s => s.AddSingleton<TimeProvider>(clock));
        var organization = await OrganizationAsync(app, "期間満了テスト株式会社", Today);
        var (person, userName, _) = await PersonAsync(app, organization, "期限 五郎", representative: true);
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/posts", Ct)).StatusCode);
        var tenant = await app.DemoTenantIdAsync();
        var userId = await app.WithDbAsync(async (db, _) => (await db.TenantUsers.FirstAsync(u => u.UserName == userName, Ct)).Id, tenant);

        if (endedByTheMunicipality)
        {
            var manager = await app.SignedInClientAsync("manager");
            var stamp = await app.WithDbAsync(async (db, _) => (await db.Users.FirstAsync(u => u.Id == userId, Ct)).SecurityStamp, tenant);
            var ended = await manager.PostFormAsync($"/contractors/{organization}?handler=End", new() { ["reason"] = "契約解除" }, formPage: $"/contractors/{organization}");
            Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
            var user = await app.WithDbAsync(async (db, _) => await db.Users.FirstAsync(u => u.Id == userId, Ct), tenant);
            Assert.Equal(DateTimeOffset.MaxValue, user.LockoutEnd);
            Assert.NotEqual(stamp, user.SecurityStamp);
            var record = await app.WithDbAsync(async (db, _) => await db.AuditRecords.FirstAsync(r => r.Action == "outside.ended", Ct), tenant);
            Assert.Contains(userName, record.After);
            Assert.Contains("status-tag--suspended", await manager.GetHtmlAsync($"/contractors/{organization}"));
        }
        else
        {
            // Through the period's last day (JST) the work goes on; from the next day it stops, with nobody doing anything.
            // (Steps of 3 hours with a request each keep the 8-hour sliding session alive.)
            while (JapaneseDates.TodayJst(clock) <= Today)
            {
                Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/posts", Ct)).StatusCode);
                clock.Advance(TimeSpan.FromHours(3));
            }
        }

        // The session in use ends at the next request; the API says why.
        var page = await person.GetAsync("/posts", Ct);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/signin?ended=true", page.Headers.Location!.OriginalString);
        Assert.Contains(OutsideAccess.EndedMessage, Html(await person.GetHtmlAsync("/signin?ended=true")));
        Assert.Equal(HttpStatusCode.Redirect, (await person.GetAsync("/posts", Ct)).StatusCode);

        // Signing in again does not work either.
        var again = app.NewClient();
        var signIn = await again.SignInAsync(userName, Password);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var message = Html(await signIn.Content.ReadAsStringAsync(Ct));
        if (endedByTheMunicipality) Assert.Contains("ロックされています", message);
        else
        {
            Assert.Contains(OutsideAccess.EndedMessage, message);
            Assert.True(await app.WithDbAsync(async (db, _) => await db.AuditRecords.AnyAsync(r => r.Action == "user.sign-in-refused" && r.ActorId == userId, Ct), tenant));
        }
    }
}

public sealed class OutsideUserTestsOnSqlite(SqliteAppFixture fixture) : OutsideUserTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class OutsideUserTestsOnPostgres(PostgresAppFixture fixture) : OutsideUserTests(fixture), IClassFixture<PostgresAppFixture>;
