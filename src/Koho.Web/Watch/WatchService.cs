using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Koho.Web.Accounts;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Shell;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Watch;

/// <summary>
/// The mentions inbox (受信箱) and the watch's alerts, for staff: import (CSV or JSON, every line checked, all or
/// nothing), triage, dismissing alerts. Who may see an account's mentions: those who may draft for it or manage it,
/// and the PR and IT offices (who watch for impersonation).
/// </summary>
public sealed class WatchService(KohoDbContext db, AuditTrail audit, TimeProvider time, WatchAnalysis analysis)
{
    public const int MaxImportLines = 5000;
    public static readonly string[] ImportColumns = ["account", "platform", "id", "author", "authorName", "text", "url", "postedAt", "isReply"];

    public static bool WatchesAll(ClaimsPrincipal user) =>
        user.IsInRole(KohoRoles.PrOffice) || user.IsInRole(KohoRoles.ItOffice) || user.IsInRole(KohoRoles.Ciso) || user.IsInRole(KohoRoles.Administrator);

    private List<OfficialAccount>? _watched;

    /// <summary>
    /// The accounts whose mentions the user sees: all for the PR, IT and security offices and administrators; otherwise
    /// the accounts they operate and, for a 所属長, those of their department and the units under it (read once per request).
    /// </summary>
    public async Task<List<OfficialAccount>> WatchedAccountsAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (_watched is not null) return _watched;
        var accounts = await db.OfficialAccounts.AsNoTracking().Where(a => a.Status != AccountStatus.Deleted).OrderBy(a => a.Name).ToListAsync(ct);
        if (WatchesAll(user)) return _watched = accounts;
        var me = CurrentUser.From(user);
        var operated = (await db.AccountOperators.Where(o => o.UserId == me.Id).Select(o => o.AccountId).ToListAsync(ct)).ToHashSet();
        var managed = new HashSet<Guid>();
        if (user.IsInRole(KohoRoles.AccountManager) && await db.TenantUsers.Where(u => u.Id == me.Id).Select(u => u.DepartmentId).FirstOrDefaultAsync(ct) is { } mine)
        {
            var parents = await DepartmentTree.ParentsAsync(db, ct);
            managed.UnionWith(accounts.Where(a => DepartmentTree.IsWithin(parents, a.DepartmentId, mine)).Select(a => a.Id));
        }
        return _watched = accounts.Where(a => operated.Contains(a.Id) || managed.Contains(a.Id) || a.AccountManagerId == me.Id).ToList();
    }

    public async Task<HashSet<Guid>> WatchedAccountIdsAsync(ClaimsPrincipal user, CancellationToken ct) =>
        (await WatchedAccountsAsync(user, ct)).Select(a => a.Id).ToHashSet();

    public async Task<Result<int>> ImportAsync(ClaimsPrincipal user, string? fileName, string content, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var accounts = await WatchedAccountsAsync(user, ct);
        List<(int Line, Dictionary<string, string> Fields)> rows;
        var json = (fileName?.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ?? false) || content.TrimStart('\uFEFF', ' ', '\r', '\n', '\t').StartsWith('[');
        var parsed = json ? ReadJson(content) : ReadCsv(content);
        if (!parsed.Succeeded) return Result<int>.Fail(parsed.Errors);
        rows = parsed.Value!;
        if (rows.Count == 0) return Result<int>.Fail(["取り込む行がありません。"]);
        if (rows.Count > MaxImportLines) return Result<int>.Fail([$"一度に取り込めるのは{MaxImportLines}件までです（{rows.Count}件あります）。分けて取り込んでください。"]);

        var errors = new List<string>();
        var mentions = new List<Mention>();
        var now = time.GetUtcNow();
        var seen = new HashSet<(Guid, string)>();
        foreach (var (line, f) in rows)
        {
            var problems = new List<string>();
            string Get(string key) => f.GetValueOrDefault(key)?.Trim() ?? "";
            var accountKey = Get("account");
            var platformKey = Get("platform");
            var matches = accounts.Where(a => a.Id.ToString() == accountKey
                                              || Koho.Watch.LookalikeDetector.Key(a.Platform.ToString(), a.Handle) == Koho.Watch.LookalikeDetector.Key(a.Platform.ToString(), accountKey))
                .Where(a => platformKey.Length == 0 || string.Equals(a.Platform.ToString(), platformKey, StringComparison.OrdinalIgnoreCase)
                                                    || a.Platform.Label() == platformKey).ToList();
            var account = matches.Count == 1 ? matches[0] : null;
            if (matches.Count == 0) problems.Add($"公式アカウント「{accountKey}」はありません（登録簿のアカウント（@…）か ID で、あなたの担当するアカウントにしてください）");
            else if (matches.Count > 1) problems.Add($"アカウント「{accountKey}」は {string.Join("・", matches.Select(a => a.Platform.Label()))} にあります。platform の列で SNS を指定してください");
            var author = Get("author");
            if (author.Length is 0 or > 200) problems.Add("author（書き込んだアカウント）は1〜200文字です");
            var text = Get("text");
            if (text.Length is 0 or > 4000) problems.Add("text（本文）は1〜4000文字です");
            var authorName = Get("authorName");
            if (authorName.Length > 200) problems.Add("authorName は200文字以内です");
            var url = Get("url");
            if (url.Length > 0 && (!Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme is not ("https" or "http") || url.Length > 1000))
                problems.Add("url は http(s):// で始まる1000文字以内にしてください");
            if (!TryParseTime(Get("postedAt"), out var postedAt)) problems.Add("postedAt（日時）は 2026-11-22T10:00:00+09:00 か 2026/11/22 10:00（日本時間）の形にしてください");
            else if (postedAt > now.AddMinutes(5)) problems.Add("postedAt が未来の日時です");
            var replyText = Get("isReply").ToLowerInvariant();
            bool? isReply = replyText switch { "" or "false" or "0" or "いいえ" => false, "true" or "1" or "はい" => true, _ => null };
            if (isReply is null) problems.Add("isReply は true / false です");
            if ((f.Keys.Concat([text, author, authorName, url]).Any(v => v.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))))) problems.Add("制御文字が含まれています");
            var id = Get("id");
            if (id.Length > 200) problems.Add("id は200文字以内です");
            if (problems.Count > 0) { errors.Add($"{line} 行目: {string.Join("。", problems)}。"); continue; }
            // Without the platform's id, the same author, time and text make the same item (importing twice adds nothing).
            if (id.Length == 0) id = "import:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{author}\n{postedAt.ToUnixTimeSeconds()}\n{text}")))[..32];
            if (!seen.Add((account!.Id, id))) continue;
            mentions.Add(new Mention
            {
                Id = Guid.NewGuid(), TenantId = me.TenantId, AccountId = account.Id, Platform = account.Platform, ExternalId = id, AuthorHandle = author,
                AuthorName = authorName.Length == 0 ? null : authorName, Text = text, Url = url.Length == 0 ? null : url, PostedAt = postedAt, ReceivedAt = now,
                IsReply = isReply!.Value, Source = MentionSource.Import, Status = MentionStatus.New,
            });
        }
        if (errors.Count > 0) return Result<int>.Fail(errors.Count > 20 ? [.. errors.Take(20), $"ほか{errors.Count - 20}行に問題があります。"] : errors);

        var accountIds = mentions.Select(m => m.AccountId).Distinct().ToList();
        // Only this batch's ids are looked up (in chunks), never the whole history.
        var existing = new HashSet<(Guid, string)>();
        foreach (var chunk in mentions.Select(m => m.ExternalId).Distinct().Chunk(500))
            existing.UnionWith((await db.Mentions.Where(m => accountIds.Contains(m.AccountId) && chunk.Contains(m.ExternalId))
                .Select(m => new { m.AccountId, m.ExternalId }).ToListAsync(ct)).Select(m => (m.AccountId, m.ExternalId)));
        var added = mentions.Where(m => !existing.Contains((m.AccountId, m.ExternalId))).ToList();
        // Impostor candidates among the authors are assessed before the lock (the heavier part); the mentions are saved
        // first inside the transaction so that the spike check counts them; alerts and the audit record commit with them,
        // or nothing does.
        await analysis.CheckCandidatesAsync(me.TenantId, added.Select(m => (m.Platform, m.AuthorHandle, m.AuthorName)), ct);
        return await audit.InTransactionAsync(async () =>
        {
            db.Mentions.AddRange(added);
            await db.SaveChangesAsync(ct);
            foreach (var account in accounts.Where(a => accountIds.Contains(a.Id)))
                await analysis.CheckSpikeAsync(account, ct);
            var entries = new List<AuditEntry> { new(me.TenantId, me.Actor, "watch.mentions-imported", "mentions", me.TenantId.ToString(),
                After: AuditSummary.Of(new { File = fileName, Lines = rows.Count, Added = added.Count, AlreadyThere = mentions.Count - added.Count })) };
            entries.AddRange(db.ChangeTracker.Entries<WatchAlert>().Where(e => e.State == EntityState.Added).Select(e => new AuditEntry(me.TenantId, AuditActor.System,
                "watch.alert-raised", "watch-alert", e.Entity.Id.ToString(), After: AuditSummary.Of(new { Kind = e.Entity.Kind.Label(), e.Entity.Handle, e.Entity.Explanation }))));
            await audit.SaveAsync(entries, ct);
            return (Result<int>.Ok(added.Count), true);
        }, ct);
    }

    public async Task<Result<Mention>> TriageAsync(ClaimsPrincipal user, Guid mentionId, MentionStatus? status, string? note, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var mention = await db.Mentions.FirstOrDefaultAsync(m => m.Id == mentionId, ct);
        if (mention is null || !(await WatchedAccountsAsync(user, ct)).Any(a => a.Id == mention.AccountId)) return Result<Mention>.Fail(["記述が見つかりません。"]);
        if (status is not (MentionStatus.NoAction or MentionStatus.Watching or MentionStatus.New)) return Result<Mention>.Fail(["振り分け先を選んでください。"]);
        if (mention.Status == MentionStatus.Incident) return Result<Mention>.Fail(["インシデントとして登録済みの記述です。"]);
        note = note?.Trim();
        if (note?.Length > 1000) return Result<Mention>.Fail(["メモは1000文字以内にしてください。"]);
        var before = mention.Status;
        mention.Status = status.Value;
        mention.TriagedAt = time.GetUtcNow();
        mention.TriagedByName = me.DisplayName;
        mention.TriageNote = string.IsNullOrEmpty(note) ? mention.TriageNote : note;
        try
        {
            await audit.SaveAsync([new AuditEntry(me.TenantId, me.Actor, "watch.mention-triaged", "mention", mention.Id.ToString(),
                Before: before.ToString(), After: AuditSummary.Of(new { Status = status.Value.Label(), NoteLength = note?.Length ?? 0 }))], ct);
        }
        catch (DbUpdateConcurrencyException) { return Result<Mention>.Fail(["他の人が先に振り分けました。画面を開き直してください。"]); }
        return Result<Mention>.Ok(mention);
    }

    public async Task<Result<WatchAlert>> DismissAlertAsync(ClaimsPrincipal user, Guid alertId, string? note, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var alert = await db.WatchAlerts.FirstOrDefaultAsync(a => a.Id == alertId, ct);
        if (alert is null || !await MaySeeAlertAsync(user, alert, ct)) return Result<WatchAlert>.Fail(["通知が見つかりません。"]);
        if (alert.Status != WatchAlertStatus.Open) return Result<WatchAlert>.Fail(["この通知はすでに対応済みです。"]);
        note = note?.Trim();
        if (string.IsNullOrEmpty(note) || note.Length > 1000) return Result<WatchAlert>.Fail(["対応不要とする理由を1000文字以内で入力してください（例: 市の公認のファンアカウント）。"]);
        alert.Status = WatchAlertStatus.Dismissed;
        alert.ResolvedAt = time.GetUtcNow();
        alert.ResolvedByName = me.DisplayName;
        alert.ResolutionNote = note;
        try
        {
            await audit.SaveAsync([new AuditEntry(me.TenantId, me.Actor, "watch.alert-dismissed", "watch-alert", alert.Id.ToString(),
                After: AuditSummary.Of(new { Kind = alert.Kind.Label(), alert.Handle, NoteLength = note.Length }))], ct);
        }
        catch (DbUpdateConcurrencyException) { return Result<WatchAlert>.Fail(["他の人が先に対応しました。画面を開き直してください。"]); }
        return Result<WatchAlert>.Ok(alert);
    }

    public async Task<bool> MaySeeAlertAsync(ClaimsPrincipal user, WatchAlert alert, CancellationToken ct) =>
        WatchesAll(user) || alert.AccountId is { } id && (await WatchedAccountIdsAsync(user, ct)).Contains(id);

    /// <summary>Whether the user may see (and so open an incident from) a mention.</summary>
    public async Task<bool> MaySeeMentionAsync(ClaimsPrincipal user, Mention mention, CancellationToken ct) =>
        (await WatchedAccountIdsAsync(user, ct)).Contains(mention.AccountId);

    private static Result<List<(int, Dictionary<string, string>)>> ReadCsv(string content)
    {
        List<(int Line, string[] Fields)> records;
        try { records = Csv.Read(content.TrimStart('\uFEFF')); }
        catch (FormatException e) { return Result<List<(int, Dictionary<string, string>)>>.Fail([e.Message]); }
        if (records.Count == 0) return Result<List<(int, Dictionary<string, string>)>>.Fail(["ファイルが空です。"]);
        var header = records[0].Fields.Select(f => f.Trim().TrimStart('\uFEFF')).ToArray();
        if (header.Distinct().Count() != header.Length)
            return Result<List<(int, Dictionary<string, string>)>>.Fail([$"1 行目: 見出しが重複しています（{string.Join(",", header.GroupBy(h => h).Where(g => g.Count() > 1).Select(g => g.Key))}）。"]);
        var missing = ImportColumns.Where(c => c is "account" or "author" or "text" or "postedAt" && !header.Contains(c)).ToList();
        if (missing.Count > 0 || header.Any(h => !ImportColumns.Contains(h)))
            return Result<List<(int, Dictionary<string, string>)>>.Fail([$"1 行目: 見出しは {string.Join(",", ImportColumns)} の中から（account, author, text, postedAt は必須）にしてください。"]);
        var rows = new List<(int, Dictionary<string, string>)>();
        var errors = new List<string>();
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Length == 1 && fields[0].Length == 0) continue; // blank line
            if (fields.Length != header.Length) { errors.Add($"{line} 行目: 項目が {fields.Length} 個あります（見出しは {header.Length} 個）。"); continue; }
            rows.Add((line, header.Zip(fields).ToDictionary(p => p.First, p => p.Second)));
        }
        return errors.Count > 0 ? Result<List<(int, Dictionary<string, string>)>>.Fail(errors) : Result<List<(int, Dictionary<string, string>)>>.Ok(rows);
    }

    private static Result<List<(int, Dictionary<string, string>)>> ReadJson(string content)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(content.TrimStart('\uFEFF')); }
        catch (JsonException e) { return Result<List<(int, Dictionary<string, string>)>>.Fail([$"JSON として読めません（{e.LineNumber + 1} 行目付近）。"]); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array) return Result<List<(int, Dictionary<string, string>)>>.Fail(["JSON は記述の配列（[ {...}, {...} ]）にしてください。"]);
            var rows = new List<(int, Dictionary<string, string>)>();
            var errors = new List<string>();
            var n = 0;
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                n++;
                if (item.ValueKind != JsonValueKind.Object) { errors.Add($"{n} 件目: オブジェクトではありません。"); continue; }
                var fields = new Dictionary<string, string>();
                foreach (var p in item.EnumerateObject())
                {
                    if (!ImportColumns.Contains(p.Name)) { errors.Add($"{n} 件目: 項目「{p.Name}」は使えません（{string.Join(", ", ImportColumns)}）。"); continue; }
                    fields[p.Name] = p.Value.ValueKind switch
                    {
                        JsonValueKind.String => p.Value.GetString()!,
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        JsonValueKind.Number => p.Value.GetRawText(),
                        JsonValueKind.Null => "",
                        _ => "\u0001", // objects/arrays: refused below as control characters would be
                    };
                }
                rows.Add((n, fields));
            }
            return errors.Count > 0 ? Result<List<(int, Dictionary<string, string>)>>.Fail(errors) : Result<List<(int, Dictionary<string, string>)>>.Ok(rows);
        }
    }

    /// <summary>ISO 8601 with an offset, or a plain date and time read as JST (what a municipal spreadsheet holds).</summary>
    public static bool TryParseTime(string s, out DateTimeOffset at)
    {
        at = default;
        if (s.Length == 0) return false;
        if ((s.Contains('+') || s.EndsWith('Z') || s.LastIndexOf('-') > 9) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out at))
        {
            at = at.ToUniversalTime();
            return true;
        }
        string[] formats = ["yyyy/M/d H:mm", "yyyy/M/d H:mm:ss", "yyyy-M-d H:mm", "yyyy-M-d H:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"];
        if (DateTime.TryParseExact(s, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            at = new DateTimeOffset(local, JapaneseDates.Jst).ToUniversalTime();
            return true;
        }
        return false;
    }

    /// <summary>An absolute http(s) address, or nothing: what platforms send is shown as a link to staff.</summary>
    public static string? SafeLink(string? url) =>
        url is { Length: > 0 and <= 1000 } && Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "https" or "http" ? url : null;
}

public static class WatchLabels
{
    public static string Label(this MentionStatus s) => s switch
    {
        MentionStatus.New => "未確認",
        MentionStatus.NoAction => "対応不要",
        MentionStatus.Watching => "経過観察",
        MentionStatus.Incident => "インシデント",
        _ => s.ToString(),
    };

    public static string Label(this WatchAlertKind k) => k switch
    {
        WatchAlertKind.Spike => "言及の急増",
        WatchAlertKind.ImpersonationCandidate => "なりすまし候補",
        _ => k.ToString(),
    };

    public static string Label(this WatchAlertStatus s) => s switch
    {
        WatchAlertStatus.Open => "未対応",
        WatchAlertStatus.Dismissed => "対応不要",
        WatchAlertStatus.Incident => "インシデント",
        _ => s.ToString(),
    };
}
