using System.Globalization;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Shell;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Accounts;

/// <summary>
/// The register out and in: an .xlsx for the council (every account with its state and security hygiene), and an
/// import of existing accounts from CSV — every row checked first; one bad row and nothing is imported.
/// </summary>
public sealed class RegisterTransfer(KohoDbContext db, AuditTrail audit, TimeProvider time,
    Microsoft.AspNetCore.OutputCaching.IOutputCacheStore? directoryCache = null)
{
    public static readonly string[] ImportColumns = ["所管課", "アカウント名", "媒体", "アカウント", "URL", "状態", "開設日"];

    private static readonly string[] ExportColumns =
        ["所管課", "アカウント名", "媒体", "アカウント", "URL", "状態", "開設日", "運用管理責任者", "運用担当者", "二要素認証", "認証済みバッジ", "パスワード変更日", "最終点検日", "連携アプリ"];

    public async Task<byte[]> ExportXlsxAsync(CancellationToken ct)
    {
        var rows = await (from a in db.OfficialAccounts.AsNoTracking()
                          join d in db.Departments.AsNoTracking() on a.DepartmentId equals d.Id
                          orderby d.Name, a.Name
                          select new { Department = d.Name, a }).ToListAsync(ct);
        var apps = (await db.ConnectedApps.AsNoTracking().ToListAsync(ct)).ToLookup(x => x.AccountId);
        var names = await db.TenantUsers.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var operators = (await db.AccountOperators.AsNoTracking().ToListAsync(ct)).ToLookup(o => o.AccountId, o => names.GetValueOrDefault(o.UserId, ""));
        static string Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
        var table = new List<IEnumerable<string>> { ExportColumns };
        foreach (var r in rows)
        {
            var a = r.a;
            table.Add([r.Department, a.Name, a.Platform.Label(), a.Handle, a.Url, a.Status.Label(), Date(a.OpenedOn),
                a.AccountManagerId is { } m ? names.GetValueOrDefault(m, "") : "", string.Join("、", operators[a.Id]),
                a.TwoFactorEnabled ? "有効" : "無効", a.VerifiedBadge ? "あり" : "なし", Date(a.PasswordChangedOn), Date(a.HygieneConfirmedOn),
                string.Join("、", apps[a.Id].Select(x => x.Name))]);
        }
        return XlsxWriter.Write("公式アカウント台帳", table);
    }

    /// <summary>Imports accounts from CSV with <see cref="ImportColumns"/>; returns how many, or every problem by line.</summary>
    public async Task<Result<int>> ImportCsvAsync(Guid tenantId, string csv, AuditActor actor, CancellationToken ct)
    {
        List<(int Line, string[] Fields)> records;
        try { records = Csv.Read(csv); }
        catch (FormatException e) { return Result<int>.Fail([e.Message]); }
        if (records.Count == 0) return Result<int>.Fail(["CSV が空です。"]);
        var header = records[0].Fields.Select(f => f.Trim()).ToArray();
        if (!header.SequenceEqual(ImportColumns))
            return Result<int>.Fail([$"1 行目: 見出しは「{string.Join(",", ImportColumns)}」にしてください。"]);

        var departments = await db.Departments.AsNoTracking().Where(d => d.TenantId == tenantId).ToListAsync(ct);
        var existing = (await db.OfficialAccounts.AsNoTracking().Where(a => a.TenantId == tenantId).Select(a => new { a.Platform, a.Handle }).ToListAsync(ct))
            .Select(a => (a.Platform, a.Handle)).ToHashSet();
        var platforms = Enum.GetValues<Platform>().ToDictionary(p => p.Label(), p => p, StringComparer.OrdinalIgnoreCase);
        var statuses = Enum.GetValues<AccountStatus>().Where(s => s != AccountStatus.Applying).ToDictionary(s => s.Label(), s => s);
        var errors = new List<string>();
        var accounts = new List<OfficialAccount>();
        var now = time.GetUtcNow();
        foreach (var (line, raw) in records.Skip(1))
        {
            var f = raw.Select(x => x.Trim()).ToArray();
            if (f.Length != ImportColumns.Length) { errors.Add($"{line} 行目: 項目が {f.Length} 個あります（{ImportColumns.Length} 個必要です）。"); continue; }
            var problems = new List<string>();
            var named = departments.Where(d => d.Name == f[0]).ToList();
            var dept = named.Count == 1 ? named[0] : null;
            if (named.Count == 0) problems.Add($"所管課「{f[0]}」は組織にありません");
            else if (named.Count > 1) problems.Add($"所管課「{f[0]}」は組織に {named.Count} つあります（名前を変えて区別してください）");
            if (f.Any(x => x.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))) problems.Add("制御文字が含まれています");
            if (f[1].Length is 0 or > 200) problems.Add("アカウント名は1〜200文字です");
            if (!platforms.TryGetValue(f[2], out var platform)) problems.Add($"媒体「{f[2]}」はありません（{string.Join("・", platforms.Keys)}）");
            if (f[3].Length is 0 or > 200) problems.Add("アカウントは1〜200文字です");
            if (!Uri.TryCreate(f[4], UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps || f[4].Length > 500) problems.Add("URL は https:// で始まる500文字以内にしてください");
            if (!statuses.TryGetValue(f[5], out var status)) problems.Add($"状態「{f[5]}」は {string.Join("・", statuses.Keys)} のいずれかです");
            DateOnly? opened = null;
            if (f[6].Length > 0)
            {
                if (DateOnly.TryParseExact(f[6], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) opened = d;
                else problems.Add($"開設日「{f[6]}」は 2021-04-01 の形で書いてください");
            }
            if (problems.Count == 0 && !existing.Add((platform, f[3]))) problems.Add($"{platform.Label()} の「{f[3]}」は既に登録されているか、この CSV で重複しています");
            if (problems.Count > 0) { errors.Add($"{line} 行目: {string.Join("。", problems)}。"); continue; }
            accounts.Add(new OfficialAccount
            {
                Id = Guid.NewGuid(), TenantId = tenantId, DepartmentId = dept!.Id, Name = f[1], Platform = platform, Handle = f[3], Url = f[4],
                Status = status, OpenedOn = opened, CreatedAt = now, StatusChangedAt = now,
            });
        }
        if (records.Count == 1) errors.Add("取り込む行がありません。");
        if (errors.Count > 0) return Result<int>.Fail(errors);
        db.OfficialAccounts.AddRange(accounts);
        try
        {
            await audit.SaveAsync(accounts.Select(a => new AuditEntry(tenantId, actor, "account.imported", "official-account", a.Id.ToString(),
                After: AuditSummary.Of(new { a.Name, Platform = a.Platform.Label(), a.Handle, Status = a.Status.Label() }))).ToList(), ct);
        }
        catch (DbUpdateException)
        {
            return Result<int>.Fail(["同じアカウントが同時に登録されたため、取り込みませんでした。もう一度お試しください。"]);
        }
        if (directoryCache is not null) await directoryCache.EvictByTagAsync(PublicDirectory.DirectoryEndpoints.CacheTag, ct);
        return Result<int>.Ok(accounts.Count);
    }
}
