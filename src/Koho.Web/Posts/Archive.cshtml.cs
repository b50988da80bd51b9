using Koho.Web.Accounts;
using Koho.Web.Database;
using Koho.Web.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Posts;

/// <summary>投稿の記録: search what was published, and export it (CSV for Excel, JSON) — all of it or one account's.</summary>
public sealed class ArchiveModel(KohoDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Account { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    public List<PostArchive.Entry> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public List<OfficialAccount> Accounts { get; private set; } = [];

    private PostArchive.Query Query => new(Q, Account, From, To, PageNumber);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Accounts = await db.OfficialAccounts.AsNoTracking().OrderBy(a => a.Name).ToListAsync(ct);
        (Rows, Total) = await PostArchive.SearchAsync(db, Query, null, ct);
    }

    /// <summary>CSV (UTF-8 with BOM, so Excel reads the Japanese) of every match, not just this page.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var (rows, _) = await PostArchive.SearchAsync(db, Query, 100_000, ct);
        using var buffer = new MemoryStream();
        await using (var writer = Csv.Writer(buffer))
        {
            await writer.WriteLineAsync(Csv.Line(PostArchive.Columns));
            foreach (var e in rows) await writer.WriteLineAsync(Csv.Line(PostArchive.Cells(e)));
        }
        return File(buffer.ToArray(), "text/csv; charset=utf-8", await FileNameAsync("csv", ct));
    }

    public async Task<IActionResult> OnGetJsonAsync(CancellationToken ct)
    {
        var (rows, _) = await PostArchive.SearchAsync(db, Query, 100_000, ct);
        var json = rows.Select(e => PostArchive.Columns.Zip(PostArchive.Cells(e)).ToDictionary(p => p.First, p => p.Second));
        var bytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(json, new System.Text.Json.JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All), WriteIndented = true,
        });
        return File(bytes, "application/json; charset=utf-8", await FileNameAsync("json", ct));
    }

    private async Task<string> FileNameAsync(string ext, CancellationToken ct)
    {
        var handle = Account is { } a ? await db.OfficialAccounts.Where(x => x.Id == a).Select(x => x.Handle).FirstOrDefaultAsync(ct) : null;
        var safe = handle is null ? "" : "-" + new string(handle.Where(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.').ToArray());
        return $"posts{safe}-{JapaneseDates.ToJst(DateTimeOffset.UtcNow):yyyyMMdd}.{ext}";
    }
}
