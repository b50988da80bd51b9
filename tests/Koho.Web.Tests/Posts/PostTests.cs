using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Koho.Web.Audit;
using Koho.Web.Packs;
using Koho.Web.Posts;
using Koho.Web.Tests.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Koho.Web.Tests.Posts;

/// <summary>
/// Drafting and approving posts through the pages, as the demo's 防災課 works: 防災 花子 (operator of the 防災情報X
/// account) writes, 山田 太郎 (防災課長, its 所属長) decides. Musashino's pack: the 所属長 approves (2.1ウ①) and only
/// they may let a post with a block finding through, with a reason.
/// </summary>
public abstract class PostTests(AppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static string Html(string s) => WebUtility.HtmlDecode(s);

    private async Task<Guid> AccountAsync(string name) =>
        await fixture.App.WithDbAsync(async (db, _) => (await db.OfficialAccounts.FirstAsync(a => a.Name == name, Ct)).Id, await fixture.App.DemoTenantIdAsync());

    private Task<Guid> BousaiAsync() => AccountAsync("武蔵野市防災情報X（デモ）");

    private static Dictionary<string, string> Fields(string text, Guid account, DateTimeOffset? at = null, string kind = "Normal") => new()
    {
        ["Form.Text"] = text, ["Form.Kind"] = kind, ["Form.Accounts"] = account.ToString(),
        ["Form.ScheduledAt"] = at is { } t ? t.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-ddTHH:mm") : "",
    };

    private async Task<(HttpClient Client, Guid Id)> DraftAsync(string text, DateTimeOffset? at = null)
    {
        var author = await fixture.App.SignedInClientAsync("operator");
        var created = await author.PostFormAsync("/posts/new", Fields(text, await BousaiAsync(), at ?? WorkingTime.NextWorkingMorning()));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = Guid.Parse(created.Headers.Location!.OriginalString.Split('/').Last());
        return (author, id);
    }

    private async Task<Post> LoadAsync(Guid id) =>
        await fixture.App.WithDbAsync(async (db, _) => await db.Posts.AsNoTracking().FirstAsync(p => p.Id == id, Ct), await fixture.App.DemoTenantIdAsync());

    [Fact]
    public async Task An_operator_drafts_and_asks_the_section_head_who_approves_and_the_author_cannot()
    {
        var (author, id) = await DraftAsync("【防災訓練】11月30日（日）10時から市役所前広場で総合防災訓練を行います。");
        var page = Html(await author.GetHtmlAsync($"/posts/{id}"));
        Assert.Contains("下書き", page);
        Assert.Contains("媒体ごとの見え方", page);
        Assert.Contains("/ 280", page);                                            // X's weighted count

        var submit = await author.PostFormAsync($"/posts/{id}?handler=Submit",
            new(Fields("【防災訓練】11月30日（日）10時から市役所前広場で総合防災訓練を行います。", await BousaiAsync(), WorkingTime.NextWorkingMorning()))
            { ["version"] = "1" }, formPage: $"/posts/{id}");
        Assert.Contains("承認を依頼しました。", Html(await author.PageAfterAsync(submit)));
        Assert.Equal(PostStatus.Submitted, (await LoadAsync(id)).Status);

        // The author cannot approve their own post, even through a hand-made request.
        var self = await author.PostFormAsync($"/posts/{id}?handler=Decide", new() { ["version"] = "2", ["decision"] = "Approve" }, formPage: $"/posts/{id}");
        Assert.Contains("自分が作成した投稿は承認・差戻し・却下できません", Html(await author.PageAfterAsync(self)));

        // The PR office is not the 所属長 of 防災課: not its approver under Musashino's pack.
        var pr = await fixture.App.SignedInClientAsync("pr");
        var notMine = await pr.PostFormAsync($"/posts/{id}?handler=Decide", new() { ["version"] = "2", ["decision"] = "Approve" }, formPage: $"/posts/{id}");
        Assert.Contains("所属長（運用管理責任者）です", Html(await pr.PageAfterAsync(notMine)));

        var manager = await fixture.App.SignedInClientAsync("manager");
        Assert.Contains("総合防災訓練", Html(await manager.GetHtmlAsync("/posts/approvals")));
        var approve = await manager.PostFormAsync($"/posts/{id}?handler=Decide", new() { ["version"] = "2", ["decision"] = "Approve" }, formPage: $"/posts/{id}");
        Assert.Contains("承認しました。", Html(await manager.PageAfterAsync(approve)));
        var post = await LoadAsync(id);
        Assert.Equal((PostStatus.Approved, 2, "山田 太郎（防災課長）"), (post.Status, post.ApprovedVersion!.Value, post.ApprovedByName!));

        var actions = await fixture.App.WithDbAsync(async (db, _) =>
            await db.AuditRecords.Where(r => r.TargetId == id.ToString()).OrderBy(r => r.Seq).Select(r => r.Action).ToListAsync(Ct), await fixture.App.DemoTenantIdAsync());
        Assert.Equal(["post.created", "post.edited", "post.submitted", "post.approved"], actions);
    }

    [Fact]
    public async Task An_edit_after_approval_voids_it()
    {
        var (author, id) = await DraftAsync("市民体育祭のお知らせです。");
        await author.PostFormAsync($"/posts/{id}?handler=Submit", new(Fields("市民体育祭のお知らせです。", await BousaiAsync(), WorkingTime.NextWorkingMorning())) { ["version"] = "1" }, formPage: $"/posts/{id}");
        var manager = await fixture.App.SignedInClientAsync("manager");
        await manager.PostFormAsync($"/posts/{id}?handler=Decide", new() { ["version"] = "2", ["decision"] = "Approve" }, formPage: $"/posts/{id}");
        Assert.Equal(PostStatus.Approved, (await LoadAsync(id)).Status);

        var edit = await author.PostFormAsync($"/posts/{id}", new(Fields("市民体育祭のお知らせです。雨天中止です。", await BousaiAsync(), WorkingTime.NextWorkingMorning())) { ["version"] = "2" }, formPage: $"/posts/{id}");
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        var post = await LoadAsync(id);
        Assert.Equal(PostStatus.Draft, post.Status);
        Assert.Null(post.ApprovedByName);
        Assert.Contains("編集により承認取消", Html(await author.GetHtmlAsync($"/posts/{id}")));
    }

    [Fact]
    public async Task The_section_head_cannot_approve_a_version_they_edited_themselves()
    {
        var (author, id) = await DraftAsync("子ども食堂の開催案内");
        await author.PostFormAsync($"/posts/{id}?handler=Submit", new(Fields("子ども食堂の開催案内", await BousaiAsync(), WorkingTime.NextWorkingMorning())) { ["version"] = "1" }, formPage: $"/posts/{id}");
        var manager = await fixture.App.SignedInClientAsync("manager");
        var edited = await manager.PostFormAsync($"/posts/{id}", new(Fields("子ども食堂の開催案内（参加無料）", await BousaiAsync(), WorkingTime.NextWorkingMorning())) { ["version"] = "2" }, formPage: $"/posts/{id}");
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        var approve = await manager.PostFormAsync($"/posts/{id}?handler=Decide", new() { ["version"] = "3", ["decision"] = "Approve" }, formPage: $"/posts/{id}");
        Assert.Contains("自分でも編集した投稿は承認できません", Html(await manager.PageAfterAsync(approve)));
        // Nor once the author has saved again on top of the section head's words.
        await author.PostFormAsync($"/posts/{id}", new(Fields("子ども食堂の開催案内（参加無料・予約不要）", await BousaiAsync(), WorkingTime.NextWorkingMorning())) { ["version"] = "3" }, formPage: $"/posts/{id}");
        var again = await manager.PostFormAsync($"/posts/{id}?handler=Decide", new() { ["version"] = "4", ["decision"] = "Approve" }, formPage: $"/posts/{id}");
        Assert.Contains("自分でも編集した投稿は承認できません", Html(await manager.PageAfterAsync(again)));
        // A decision that names nothing approves nothing.
        var blank = await manager.PostFormAsync($"/posts/{id}?handler=Decide", new() { ["version"] = "4" }, formPage: $"/posts/{id}");
        Assert.Contains("承認・差戻し・却下のどれかを選んでください。", Html(await manager.PageAfterAsync(blank)));
        Assert.Equal(PostStatus.Submitted, (await LoadAsync(id)).Status);
        // A draft is not for everyone in the municipality: HR, who works on no account, does not see it.
        var hr = await fixture.App.SignedInClientAsync("hr");
        Assert.Equal(HttpStatusCode.NotFound, (await hr.GetAsync($"/posts/{id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Two_editors_of_the_same_version_do_not_overwrite_each_other()
    {
        var (author, id) = await DraftAsync("図書館の休館日のお知らせ");
        var manager = await fixture.App.SignedInClientAsync("manager"); // may draft too: 所属長 of the account
        var first = await manager.PostFormAsync($"/posts/{id}", new(Fields("図書館の休館日のお知らせ（12月）", await BousaiAsync(), WorkingTime.NextWorkingMorning())) { ["version"] = "1" }, formPage: $"/posts/{id}");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var second = await author.PostFormAsync($"/posts/{id}", new(Fields("図書館の休館日のお知らせ（1月）", await BousaiAsync(), WorkingTime.NextWorkingMorning())) { ["version"] = "1" }, formPage: $"/posts/{id}");
        var page = Html(await author.PageAfterAsync(second));
        Assert.Contains("他の人が更新しました（現在 第2版）", page);
        Assert.Contains("図書館の休館日のお知らせ（1月）", page);              // what the author typed is still in the editor
        Assert.Equal("図書館の休館日のお知らせ（12月）", (await LoadAsync(id)).Text); // and the first save stands

        // The autosave API answers 409 with the current version.
        var token = HttpClientForms.AntiforgeryToken(await author.GetHtmlAsync($"/posts/{id}"));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/posts/{id}/draft")
        {
            Content = JsonContent.Create(new { version = 1, text = "古い版からの自動保存", kind = "Normal", accounts = new[] { await BousaiAsync() } }),
        };
        request.Headers.Add("X-CSRF-TOKEN", token);
        var conflict = await author.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(2, JsonDocument.Parse(await conflict.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("version").GetInt32());

        using var ok = new HttpRequestMessage(HttpMethod.Post, $"/api/posts/{id}/draft")
        {
            Content = JsonContent.Create(new { version = 2, text = "図書館の休館日は12月28日からです。", kind = "Normal", accounts = new[] { await BousaiAsync() } }),
        };
        ok.Headers.Add("X-CSRF-TOKEN", token);
        var saved = await author.SendAsync(ok, Ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(3, JsonDocument.Parse(await saved.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("version").GetInt32());

        using var forged = new HttpRequestMessage(HttpMethod.Post, $"/api/posts/{id}/draft") { Content = JsonContent.Create(new { version = 3, text = "x", accounts = new[] { await BousaiAsync() } }) };
        Assert.Equal(HttpStatusCode.BadRequest, (await author.SendAsync(forged, Ct)).StatusCode); // no antiforgery header
        Assert.Equal(3, (await LoadAsync(id)).Version);
    }

    [Fact]
    public async Task A_post_with_a_block_finding_needs_the_section_heads_recorded_reason()
    {
        // A resident's My Number-like digits: the checker blocks personal information.
        var text = "避難所の受付で田中様（電話 090-1234-5678）のお預かり品がありました。";
        var (author, id) = await DraftAsync(text);
        var post = await LoadAsync(id);
        Assert.True(post.Blocked);
        Assert.Contains("要修正", Html(await author.GetHtmlAsync($"/posts/{id}")));
        await author.PostFormAsync($"/posts/{id}?handler=Submit", new(Fields(text, await BousaiAsync(), WorkingTime.NextWorkingMorning())) { ["version"] = "1" }, formPage: $"/posts/{id}");

        var manager = await fixture.App.SignedInClientAsync("manager");
        var plain = await manager.PostFormAsync($"/posts/{id}?handler=Decide", new() { ["version"] = "2", ["decision"] = "Approve" }, formPage: $"/posts/{id}");
        Assert.Contains("発信してよい理由を記録してください", Html(await manager.PageAfterAsync(plain)));
        Assert.Equal(PostStatus.Submitted, (await LoadAsync(id)).Status);

        var reasoned = await manager.PostFormAsync($"/posts/{id}?handler=Decide",
            new() { ["version"] = "2", ["decision"] = "Approve", ["overrideReason"] = "ご本人の同意を得て、連絡先の掲載を依頼されたため" }, formPage: $"/posts/{id}");
        Assert.Contains("承認しました。", Html(await manager.PageAfterAsync(reasoned)));
        post = await LoadAsync(id);
        Assert.Equal(("ご本人の同意を得て、連絡先の掲載を依頼されたため", "山田 太郎（防災課長）"), (post.OverrideReason!, post.OverrideByName!));
    }

    [Fact]
    public async Task Return_needs_a_comment_and_the_author_resubmits()
    {
        var (author, id) = await DraftAsync("ごみ収集日の変更について");
        await author.PostFormAsync($"/posts/{id}?handler=Submit", new(Fields("ごみ収集日の変更について", await BousaiAsync(), WorkingTime.NextWorkingMorning())) { ["version"] = "1" }, formPage: $"/posts/{id}");
        var manager = await fixture.App.SignedInClientAsync("manager");
        var bare = await manager.PostFormAsync($"/posts/{id}?handler=Decide", new() { ["version"] = "2", ["decision"] = "Return" }, formPage: $"/posts/{id}");
        Assert.Contains("差し戻す理由", Html(await manager.PageAfterAsync(bare)));
        await manager.PostFormAsync($"/posts/{id}?handler=Decide", new() { ["version"] = "2", ["decision"] = "Return", ["comment"] = "変更後の曜日を書いてください。" }, formPage: $"/posts/{id}");
        Assert.Equal(PostStatus.Returned, (await LoadAsync(id)).Status);
        Assert.Contains("変更後の曜日を書いてください。", Html(await author.GetHtmlAsync($"/posts/{id}")));

        var again = await author.PostFormAsync($"/posts/{id}?handler=Submit", new(Fields("ごみ収集日が12月から水曜日に変わります。", await BousaiAsync(), WorkingTime.NextWorkingMorning())) { ["version"] = "2" }, formPage: $"/posts/{id}");
        Assert.Contains("承認を依頼しました。", Html(await author.PageAfterAsync(again)));
        Assert.Equal((PostStatus.Submitted, 3), ((await LoadAsync(id)).Status, (await LoadAsync(id)).Version));
    }

    [Fact]
    public async Task A_post_not_approved_before_its_time_is_not_published_and_cannot_be_approved_later()
    {
        var soon = DateTimeOffset.UtcNow.AddMinutes(30);
        var (author, id) = await DraftAsync("本日の窓口混雑状況", soon);
        await author.PostFormAsync($"/posts/{id}?handler=Submit", new(Fields("本日の窓口混雑状況", await BousaiAsync(), soon)) { ["version"] = "1" }, formPage: $"/posts/{id}");
        var tenantId = await fixture.App.DemoTenantIdAsync();
        var expired = await fixture.App.WithDbAsync(async (db, sp) =>
            await new PostService(db, sp.GetRequiredService<AuditTrail>(), sp.GetRequiredService<GuidelinePackService>(), new ShiftedClock(TimeSpan.FromHours(1)))
                .ExpireOverdueAsync(Ct), tenantId);
        Assert.True(expired >= 1);
        Assert.Equal(PostStatus.Expired, (await LoadAsync(id)).Status);
        Assert.Contains("承認期限切れ", Html(await author.GetHtmlAsync($"/posts/{id}")));
        var manager = await fixture.App.SignedInClientAsync("manager");
        var late = await manager.PostFormAsync($"/posts/{id}?handler=Decide", new() { ["version"] = "2", ["decision"] = "Approve" }, formPage: $"/posts/{id}");
        Assert.Contains("「承認期限切れ」の投稿を「承認済」にはできません", Html(await manager.PageAfterAsync(late)));
    }

    [Fact]
    public async Task Staff_draft_only_for_their_own_accounts_and_bad_input_changes_nothing()
    {
        var operatorClient = await fixture.App.SignedInClientAsync("operator");
        var pressX = await AccountAsync("武蔵野市公式X（デモ）");
        var notTheirs = await operatorClient.PostFormAsync("/posts/new", Fields("市長の動静", pressX, WorkingTime.NextWorkingMorning()));
        Assert.Contains("の投稿を作成する権限がありません", Html(await operatorClient.PageAfterAsync(notTheirs)));
        var empty = await operatorClient.PostFormAsync("/posts/new", Fields("   ", await BousaiAsync(), WorkingTime.NextWorkingMorning()));
        Assert.Contains("本文を入力してください。", Html(await operatorClient.PageAfterAsync(empty)));
        var past = await operatorClient.PostFormAsync("/posts/new", Fields("過去の予定", await BousaiAsync(), DateTimeOffset.UtcNow.AddDays(-1)));
        Assert.Contains("予定日時に過去の日時は指定できません。", Html(await operatorClient.PageAfterAsync(past)));
        var count = await fixture.App.WithDbAsync(async (db, _) => await db.Posts.CountAsync(p => p.Text == "市長の動静" || p.Text == "過去の予定", Ct), await fixture.App.DemoTenantIdAsync());
        Assert.Equal(0, count);
    }

    [Fact]
    public async Task Images_need_alternative_text_and_must_really_be_images()
    {
        var (author, id) = await DraftAsync("紅葉の見頃です。");
        using var fake = new MultipartFormDataContent
        {
            { new StringContent("1"), "version" },
            { new StringContent("公園の紅葉"), "altText" },
            { new ByteArrayContent("not an image"u8.ToArray()), "image", "photo.png" },
        };
        var refused = await PostMultipartAsync(author, $"/posts/{id}?handler=Image", $"/posts/{id}", fake);
        Assert.Contains("PNG・JPEG・GIF・WebP", Html(await author.PageAfterAsync(refused)));

        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwADAgH/eL9GtQAAAABJRU5ErkJggg==");
        using var noAlt = new MultipartFormDataContent { { new StringContent("1"), "version" }, { new StringContent(""), "altText" }, { new ByteArrayContent(png), "image", "leaf.png" } };
        var missing = await PostMultipartAsync(author, $"/posts/{id}?handler=Image", $"/posts/{id}", noAlt);
        Assert.Contains("代替テキスト", Html(await author.PageAfterAsync(missing)));

        using var good = new MultipartFormDataContent { { new StringContent("1"), "version" }, { new StringContent("井の頭公園の紅葉"), "altText" }, { new ByteArrayContent(png), "image", "leaf.png" } };
        var added = await PostMultipartAsync(author, $"/posts/{id}?handler=Image", $"/posts/{id}", good);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var image = await fixture.App.WithDbAsync(async (db, _) => await db.PostImages.SingleAsync(i => i.PostId == id, Ct), await fixture.App.DemoTenantIdAsync());
        Assert.Equal(("image/png", "井の頭公園の紅葉", 2), (image.ContentType, image.AltText, (await LoadAsync(id)).Version));
        var served = await author.GetAsync($"/posts/{id}?handler=Image&imageId={image.Id}", Ct);
        Assert.Equal("image/png", served.Content.Headers.ContentType!.MediaType);
        // Its public address (for Instagram and LINE) answers nothing while the post is a draft, nor with a wrong token.
        var anonymous = fixture.App.NewClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/media/{image.Id}/{image.PublicToken}", Ct)).StatusCode);
        Assert.Equal(48, image.PublicToken.Length);
    }

    private static async Task<HttpResponseMessage> PostMultipartAsync(HttpClient client, string url, string formPage, MultipartFormDataContent content)
    {
        content.Add(new StringContent(HttpClientForms.AntiforgeryToken(await client.GetHtmlAsync(formPage))), "__RequestVerificationToken");
        return await client.PostAsync(url, content, TestContext.Current.CancellationToken);
    }
}

public sealed class PostTestsOnSqlite(SqliteAppFixture fixture) : PostTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostTestsOnPostgres(PostgresAppFixture fixture) : PostTests(fixture), IClassFixture<PostgresAppFixture>;
