using Koho.Connectors;
using Koho.FakePlatforms;
using Koho.Web.Accounts;
using Koho.Web.Audit;
using Koho.Web.Posts;
using Koho.Web.Posts.Publishing;
using Koho.Web.Tests.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform = Koho.Web.Accounts.Platform;

namespace Koho.Web.Tests.Posts;

/// <summary>
/// Approved posts published through the real connectors to the local fake platforms — each platform's contract
/// checked by its fake — exactly once, including when the platform's answer is lost, it rate-limits, or it fails.
/// </summary>
public abstract class PlatformPublishingTests(AppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<Guid> TenantAsync() => await fixture.App.DemoTenantIdAsync();

    /// <summary>An account of 防災課 on the platform, connected to the fake (the operator drafts, the 課長 approves).</summary>
    private async Task<Guid> ConnectedAccountAsync(Platform platform, FakePlatformServer fake)
    {
        var tenantId = await TenantAsync();
        return await fixture.App.WithDbAsync(async (db, sp) =>
        {
            var dept = await db.Departments.FirstAsync(d => d.Name == "防災課", Ct);
            var operatorId = await db.TenantUsers.Where(u => u.UserName == "operator").Select(u => u.Id).FirstAsync(Ct);
            var handle = $"bousai_{platform}_{Guid.NewGuid():N}"[..30];
            var account = new OfficialAccount
            {
                Id = Guid.NewGuid(), TenantId = tenantId, DepartmentId = dept.Id, Name = $"防災 {platform} {handle[^6..]}", Platform = platform,
                Handle = handle, Url = $"https://example.jp/{handle}", Status = AccountStatus.Operating, CreatedAt = DateTimeOffset.UtcNow,
            };
            db.OfficialAccounts.Add(account);
            db.AccountOperators.Add(new AccountOperator { TenantId = tenantId, AccountId = account.Id, UserId = operatorId });
            await db.SaveChangesAsync(Ct);
            await FakeConnections.ConnectAsync(sp, tenantId, account.Id, fake, Ct);
            return account.Id;
        }, tenantId);
    }

    private async Task<Guid> ApprovedPostAsync(Guid account, string text, byte[]? image = null)
    {
        var author = await fixture.App.SignedInClientAsync("operator");
        var fields = new Dictionary<string, string> { ["Form.Text"] = text, ["Form.Kind"] = "Disaster", ["Form.Accounts"] = account.ToString(), ["Form.ScheduledAt"] = "" };
        var created = await author.PostFormAsync("/posts/new", fields);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, created.StatusCode);
        var id = Guid.Parse(created.Headers.Location!.OriginalString.Split('/').Last());
        var version = 1;
        if (image is not null)
        {
            using var form = new MultipartFormDataContent { { new StringContent("1"), "version" }, { new StringContent("避難所の入口の写真"), "altText" }, { new ByteArrayContent(image), "image", "entrance.png" } };
            form.Add(new StringContent(HttpClientForms.AntiforgeryToken(await author.GetHtmlAsync($"/posts/{id}"))), "__RequestVerificationToken");
            Assert.Equal(System.Net.HttpStatusCode.Redirect, (await author.PostAsync($"/posts/{id}?handler=Image", form, Ct)).StatusCode);
            version = 2;
        }
        await author.PostFormAsync($"/posts/{id}?handler=Submit", new(fields) { ["version"] = version.ToString() }, formPage: $"/posts/{id}");
        var manager = await fixture.App.SignedInClientAsync("manager");
        var approved = await manager.PostFormAsync($"/posts/{id}?handler=Decide", new() { ["version"] = (version + 1).ToString(), ["decision"] = "Approve" }, formPage: $"/posts/{id}");
        Assert.Contains("承認しました。", System.Net.WebUtility.HtmlDecode(await manager.PageAfterAsync(approved)));
        return id;
    }

    private Task RunAsync() => fixture.App.Services.GetRequiredService<Publisher>().RunOnceAsync(Ct);

    /// <summary>Makes the target due now (instead of waiting for its backoff) — the clock is not what is tested here.</summary>
    private async Task DueNowAsync(Guid postId) =>
        await fixture.App.WithDbAsync(async (db, _) => await db.PostTargets.Where(t => t.PostId == postId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.NextAttemptAt, DateTimeOffset.UtcNow.AddSeconds(-1)), Ct), await TenantAsync());

    private async Task<(Post Post, PostTarget Target, List<Koho.Web.Posts.Publishing.PublishAttempt> Attempts)> StateAsync(Guid postId) =>
        await fixture.App.WithDbAsync(async (db, _) =>
        {
            var target = await db.PostTargets.AsNoTracking().FirstAsync(t => t.PostId == postId, Ct);
            return (await db.Posts.AsNoTracking().FirstAsync(p => p.Id == postId, Ct), target,
                await db.PublishAttempts.AsNoTracking().Where(a => a.TargetId == target.Id).OrderBy(a => a.Number).ToListAsync(Ct));
        }, await TenantAsync());

    /// <summary>A 1×1 JPEG (Instagram takes JPEG only).</summary>
    private static readonly byte[] Jpeg = Convert.FromBase64String(
        "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=");


    [Theory]
    [InlineData(Network.X, Platform.X)]
    [InlineData(Network.Facebook, Platform.Facebook)]
    [InlineData(Network.Instagram, Platform.Instagram)]
    [InlineData(Network.Line, Platform.Line)]
    [InlineData(Network.Mastodon, Platform.Mastodon)]
    [InlineData(Network.Bluesky, Platform.Bluesky)]
    public async Task An_approved_post_is_published_once_on_each_platform(Network network, Platform platform)
    {
        await using var fake = await FakePlatform.StartAsync(network, ct: Ct);
        var account = await ConnectedAccountAsync(platform, fake);
        var text = $"【{platform}】市役所前で総合防災訓練を行います。詳しくは https://www.city.musashino.lg.jp/ をご覧ください。";
        var id = await ApprovedPostAsync(account, text, platform is Platform.Instagram ? Jpeg : null);
        await RunAsync();
        var (post, target, attempts) = await StateAsync(id);
        Assert.True(target.Status == TargetStatus.Published, $"{network}: {target.Status} {target.LastError}");
        Assert.Equal(PostStatus.Published, post.Status);
        var published = Assert.Single(fake.Posts.Active);
        Assert.Contains("市役所前で総合防災訓練を行います。", published.Text);
        Assert.Equal(published.Id, target.ExternalId);
        Assert.Equal(AttemptOutcome.Published, Assert.Single(attempts).Outcome);

        await DueNowAsync(id);
        await RunAsync();                                    // nothing left to do: still one post
        Assert.Single(fake.Posts.Active);
        if (platform == Platform.Instagram)
        {
            // Instagram fetched the image from Koho's public address, which now answers (the post is published).
            var image = await fixture.App.WithDbAsync(async (db, _) => await db.PostImages.AsNoTracking().FirstAsync(i => i.PostId == id, Ct), await TenantAsync());
            Assert.Contains($"https://koho.test/media/{image.Id}/{image.PublicToken}", fake.Counters.Log.Select(r => Uri.UnescapeDataString(r.PathAndQuery)).Concat(fake.Posts.All.Select(p => p.Data?.ToJsonString() ?? "")).Aggregate("", (a, b) => a + b));
            var anonymous = fixture.App.NewClient();
            var media = await anonymous.GetAsync($"/media/{image.Id}/{image.PublicToken}", Ct);
            Assert.Equal(System.Net.HttpStatusCode.OK, media.StatusCode);
            Assert.Equal(Jpeg, await media.Content.ReadAsByteArrayAsync(Ct));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await anonymous.GetAsync($"/media/{image.Id}/{new string('0', 48)}", Ct)).StatusCode);
        }
    }

    [Theory]
    [InlineData(Network.X, Platform.X)]                   // no idempotency key: read back, found
    [InlineData(Network.Facebook, Platform.Facebook)]
    [InlineData(Network.Mastodon, Platform.Mastodon)]     // the key makes the resend a no-op
    [InlineData(Network.Bluesky, Platform.Bluesky)]
    [InlineData(Network.Line, Platform.Line)]
    public async Task A_lost_answer_is_reconciled_and_the_post_is_not_published_twice(Network network, Platform platform)
    {
        await using var fake = await FakePlatform.StartAsync(network, ct: Ct);
        var account = await ConnectedAccountAsync(platform, fake);
        var id = await ApprovedPostAsync(account, $"【{platform}】給水所を市役所東側に開設しました。");
        fake.Faults.Configure(f => f.DropAfterProcessingNext = 1);  // stored on the platform, answer lost
        await RunAsync();
        Assert.Single(fake.Posts.Active);
        var (_, target, _) = await StateAsync(id);
        Assert.NotEqual(TargetStatus.Failed, target.Status);

        for (var i = 0; i < 3 && (await StateAsync(id)).Target.Status != TargetStatus.Published; i++)
        {
            await DueNowAsync(id);
            await RunAsync();
        }
        var (post, done, attempts) = await StateAsync(id);
        Assert.Equal((PostStatus.Published, TargetStatus.Published), (post.Status, done.Status));
        Assert.Single(fake.Posts.Active);
        Assert.Equal(fake.Posts.Active[0].Id, done.ExternalId);
        Assert.True(attempts.Count >= 2, "the lost attempt and the one that settled it are both on record");
    }

    [Fact]
    public async Task A_serious_error_is_deleted_from_the_platform_at_once_and_a_linked_correction_drafted()
    {
        await using var fake = await FakePlatform.StartAsync(Network.X, ct: Ct);
        var account = await ConnectedAccountAsync(Platform.X, fake);
        var id = await ApprovedPostAsync(account, "【X】避難所は市立第二中学校です。");
        await RunAsync();
        Assert.Single(fake.Posts.Active);

        var author = await fixture.App.SignedInClientAsync("operator");
        var page = System.Net.WebUtility.HtmlDecode(await author.GetHtmlAsync($"/posts/{id}"));
        Assert.Contains("元の投稿を直ちに削除する", page);              // Musashino 2.4(1): deletion depends on the impact
        var noReason = await author.PostFormAsync($"/posts/{id}?handler=Correct", new() { ["serious"] = "true" }, formPage: $"/posts/{id}");
        Assert.Contains("どこが誤りだったか", System.Net.WebUtility.HtmlDecode(await author.PageAfterAsync(noReason)));
        Assert.Single(fake.Posts.Active);

        var corrected = await author.PostFormAsync($"/posts/{id}?handler=Correct", new() { ["serious"] = "true", ["reason"] = "避難所は第一中学校でした。" }, formPage: $"/posts/{id}");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, corrected.StatusCode);
        var correctionId = Guid.Parse(corrected.Headers.Location!.OriginalString.Split('/').Last());
        Assert.Empty(fake.Posts.Active);                                // deleted on X at once
        var (_, original, _) = await StateAsync(id);
        Assert.Equal(TargetStatus.Deleted, original.Status);
        var correction = await fixture.App.WithDbAsync(async (db, _) => await db.Posts.AsNoTracking().FirstAsync(p => p.Id == correctionId, Ct), await TenantAsync());
        Assert.Equal((id, PostStatus.Draft), (correction.CorrectionOfId!.Value, correction.Status));
        Assert.StartsWith("【訂正】", correction.Text);
        Assert.Contains("この投稿は訂正です。", System.Net.WebUtility.HtmlDecode(await author.GetHtmlAsync($"/posts/{correctionId}")));
        Assert.Contains("この投稿には訂正があります。", System.Net.WebUtility.HtmlDecode(await author.GetHtmlAsync($"/posts/{id}")));
        var actions = await fixture.App.WithDbAsync(async (db, _) =>
            await db.AuditRecords.Where(r => r.TargetId == id.ToString()).Select(r => r.Action).ToListAsync(Ct), await TenantAsync());
        Assert.Contains("post.correction-started", actions);
        Assert.Contains("post.deleted", actions);
    }

    [Fact]
    public async Task A_minor_error_keeps_the_original_and_a_platform_that_cannot_delete_is_done_by_hand()
    {
        await using var line = await FakePlatform.StartAsync(Network.Line, ct: Ct);
        var account = await ConnectedAccountAsync(Platform.Line, line);
        var id = await ApprovedPostAsync(account, "【LINE】健康診断の受付は午前9時からです。");
        await RunAsync();
        var author = await fixture.App.SignedInClientAsync("operator");

        // Not serious: the original stays (Musashino), a correction follows.
        var kept = await author.PostFormAsync($"/posts/{id}?handler=Correct", new() { ["reason"] = "受付は午前8時30分からでした。" }, formPage: $"/posts/{id}");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, kept.StatusCode);
        Assert.Equal(TargetStatus.Published, (await StateAsync(id)).Target.Status);
        var again = await author.PostFormAsync($"/posts/{id}?handler=Correct", new() { ["serious"] = "true", ["reason"] = "x" }, formPage: $"/posts/{id}");
        Assert.Contains("この投稿の訂正はすでに作成されています。", System.Net.WebUtility.HtmlDecode(await author.PageAfterAsync(again)));

        // Serious, on LINE: a broadcast cannot be withdrawn through the API, so staff are told to act by hand.
        var id2 = await ApprovedPostAsync(account, "【LINE】本日の給水は中止します。");
        await RunAsync();
        await author.PostFormAsync($"/posts/{id2}?handler=Correct", new() { ["serious"] = "true", ["reason"] = "給水は予定どおり行います。" }, formPage: $"/posts/{id2}");
        var (_, target, _) = await StateAsync(id2);
        Assert.Equal(TargetStatus.AwaitingDeletion, target.Status);
        Assert.Contains("LINE の配信は取り消せません", target.LastError);
        var done = await author.PostFormAsync($"/posts/{id2}?handler=Deleted", new() { ["targetId"] = target.Id.ToString() }, formPage: $"/posts/{id2}");
        Assert.Contains("削除したことを記録しました。", System.Net.WebUtility.HtmlDecode(await author.PageAfterAsync(done)));
        Assert.Equal(TargetStatus.Deleted, (await StateAsync(id2)).Target.Status);
    }

    [Fact]
    public async Task A_read_back_that_fails_for_a_while_sends_nothing_and_settles_later()
    {
        await using var fake = await FakePlatform.StartAsync(Network.X, ct: Ct);
        var account = await ConnectedAccountAsync(Platform.X, fake);
        var id = await ApprovedPostAsync(account, "【X】臨時の給水所を市役所南側に設けました。");
        fake.Faults.Configure(f => f.DropAfterProcessingNext = 1);
        await RunAsync();                                                        // published, answer lost
        fake.Faults.Configure(f => { f.Scope = FaultScope.All; f.RateLimitNext = 1; f.RateLimitResetSeconds = 1; });
        await DueNowAsync(id);
        await RunAsync();                                                        // the read-back is rate-limited
        var (_, target, attempts) = await StateAsync(id);
        Assert.Equal(TargetStatus.Publishing, target.Status);                    // still unknown: not failed, not resent
        Assert.Equal(AttemptOutcome.Ambiguous, attempts[^1].Outcome);
        Assert.Single(fake.Posts.Active);
        await Task.Delay(1200, Ct);                                              // X's window resets
        await DueNowAsync(id);
        await RunAsync();
        (_, target, attempts) = await StateAsync(id);
        Assert.Equal(TargetStatus.Published, target.Status);
        Assert.Equal(AttemptOutcome.Found, attempts[^1].Outcome);
        Assert.Single(fake.Posts.Active);
    }

    [Fact]
    public async Task Rate_limits_are_honoured_and_the_post_goes_out_once_the_window_has_passed()
    {
        var platformClock = new MovableClock();
        await using var fake = await FakePlatform.StartAsync(Network.X, new FakePlatformOptions { TimeProvider = platformClock }, Ct);
        var account = await ConnectedAccountAsync(Platform.X, fake);
        var id = await ApprovedPostAsync(account, "【X】本日の防災無線の放送内容をお知らせします。");
        fake.Faults.Configure(f => { f.RateLimitNext = 1; f.RateLimitResetSeconds = 900; });
        await RunAsync();
        var (_, target, attempts) = await StateAsync(id);
        Assert.Equal(TargetStatus.Pending, target.Status);                                     // nothing published, rescheduled…
        Assert.InRange(target.NextAttemptAt!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(13), TimeSpan.FromMinutes(16)); // …for when X's window resets
        Assert.Equal(AttemptOutcome.Retry, Assert.Single(attempts).Outcome);
        Assert.Empty(fake.Posts.Active);
        platformClock.Advance(TimeSpan.FromMinutes(16));   // X's window has reset
        await DueNowAsync(id);
        await RunAsync();
        var after = await StateAsync(id);
        Assert.True(after.Target.Status == TargetStatus.Published, string.Join(" | ", after.Attempts.Select(a => $"{a.Outcome} {a.Detail}")) + $" next={after.Target.NextAttemptAt} lease={after.Target.LeaseUntil}");
        Assert.Single(fake.Posts.Active);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_and_refused_credentials_fail_visibly()
    {
        await using var fake = await FakePlatform.StartAsync(Network.Mastodon, ct: Ct);
        var account = await ConnectedAccountAsync(Platform.Mastodon, fake);
        var id = await ApprovedPostAsync(account, "【Mastodon】避難指示を解除しました。");
        fake.Faults.Configure(f => f.ServerErrorNext = 2);
        await RunAsync();                                                                       // two 500s, then published, in one round
        var (_, target, attempts) = await StateAsync(id);
        Assert.Equal(TargetStatus.Published, target.Status);
        Assert.Equal([AttemptOutcome.Retry, AttemptOutcome.Retry, AttemptOutcome.Published], attempts.Select(a => a.Outcome));
        Assert.Single(fake.Posts.Active);

        // A token the platform refuses: failed, the reason recorded, the author told, nothing published.
        await fixture.App.WithDbAsync(async (db, sp) =>
        {
            var bad = fake.CreateConnectionWithWrongCredentials();
            return await sp.GetRequiredService<CredentialVault>().SetAsync(await TenantAsync(), account, bad.AccountId, fake.BaseUrl.ToString(),
                bad.Secrets.ToDictionary(kv => kv.Key, kv => (string?)kv.Value), AuditActor.System, Ct);
        }, await TenantAsync());
        var refused = await ApprovedPostAsync(account, "【Mastodon】給水車の巡回時刻をお知らせします。");
        await RunAsync();
        var (post, failed, _) = await StateAsync(refused);
        Assert.Equal((PostStatus.Failed, TargetStatus.Failed), (post.Status, failed.Status));
        Assert.False(string.IsNullOrEmpty(failed.LastError));
        Assert.Single(fake.Posts.Active);
        var author = await fixture.App.SignedInClientAsync("operator");
        Assert.Contains("公開に失敗した投稿が", System.Net.WebUtility.HtmlDecode(await author.GetHtmlAsync("/")));
    }
}

public sealed class PlatformPublishingTestsOnSqlite(SqliteAppFixture fixture) : PlatformPublishingTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PlatformPublishingTestsOnPostgres(PostgresAppFixture fixture) : PlatformPublishingTests(fixture), IClassFixture<PostgresAppFixture>;
