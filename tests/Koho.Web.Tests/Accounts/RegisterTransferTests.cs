using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Koho.Web.Shell;
using Koho.Web.Tests.Testing;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Tests.Accounts;

public sealed class CsvReadTests
{
    [Fact]
    public void Quoted_fields_with_commas_quotes_and_line_breaks_are_read_with_their_line()
    {
        var records = Csv.Read("\uFEFFa,b\r\n\"x, \"\"y\"\"\",\"two\nlines\"\r\nlast,\r\n");
        Assert.Equal([(1, ["a", "b"]), (2, ["x, \"y\"", "two\nlines"]), (4, ["last", ""])],
            records.Select(r => (r.Line, r.Fields)).ToList(), new RecordComparer());
        Assert.Contains("2 行目", Assert.Throws<FormatException>(() => Csv.Read("a\n\"open")).Message);
    }

    private sealed class RecordComparer : IEqualityComparer<(int, string[])>
    {
        public bool Equals((int, string[]) x, (int, string[]) y) => x.Item1 == y.Item1 && x.Item2.SequenceEqual(y.Item2);
        public int GetHashCode((int, string[]) obj) => obj.Item1;
    }
}

/// <summary>The register out (.xlsx for the council) and in (CSV, all or nothing).</summary>
public abstract class RegisterTransferTests(AppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MultipartFormDataContent Upload(string csv, string token)
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "accounts.csv");
        form.Add(new StringContent(token), "__RequestVerificationToken");
        return form;
    }

    [Fact]
    public async Task The_council_gets_the_register_as_a_workbook_and_an_operator_does_not()
    {
        var council = await fixture.App.SignedInClientAsync("council");
        var response = await council.GetAsync("/accounts?handler=Xlsx", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var book = SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct)), false);
        var rows = book.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.InnerText).ToList()).ToList();
        Assert.Equal("所管課", rows[0][0]);
        Assert.Contains("二要素認証", rows[0]);
        Assert.Contains(rows, r => r.Contains("武蔵野市公式X（デモ）"));
        Assert.Equal("公式アカウント台帳", book.WorkbookPart.Workbook.Sheets!.Elements<Sheet>().Single().Name!.Value);

        var op = await fixture.App.SignedInClientAsync("operator");
        Assert.NotEqual(HttpStatusCode.OK, (await op.GetAsync("/accounts?handler=Xlsx", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_import_with_one_bad_row_names_every_problem_by_line_and_imports_nothing_and_a_good_one_imports_all()
    {
        var tenantId = await fixture.App.DemoTenantIdAsync();
        var count = () => fixture.App.WithDbAsync(async (db, _) => await db.OfficialAccounts.CountAsync(Ct), tenantId);
        var before = await count();
        var pr = await fixture.App.SignedInClientAsync("pr");
        var token = HttpClientForms.AntiforgeryToken(await pr.GetHtmlAsync("/accounts/import"));
        var suffix = Guid.NewGuid().ToString("N")[..5];
        const string header = "所管課,アカウント名,媒体,アカウント,URL,状態,開設日\r\n";

        var bad = header +
                  $"防災課,防災X{suffix},X,bousai{suffix},https://x.com/bousai{suffix},運用中,2022-04-01\r\n" +
                  $"架空課,架空,MySpace,kaku{suffix},http://example.com/,活動中,2022/04/01\r\n";
        var html = WebUtility.HtmlDecode(await (await pr.PostAsync("/accounts/import", Upload(bad, token), Ct)).Content.ReadAsStringAsync(Ct));
        Assert.Contains("3 行目: 所管課「架空課」は組織にありません。媒体「MySpace」はありません", html);
        Assert.Contains("URL は https:// で始まる500文字以内にしてください", html);
        Assert.Contains("開設日「2022/04/01」は 2021-04-01 の形で書いてください", html);
        Assert.Equal(before, await count());

        var good = header +
                   $"防災課,防災X{suffix},X,bousai{suffix},https://x.com/bousai{suffix},運用中,2022-04-01\r\n" +
                   $"秘書広報課,\"広報Instagram, {suffix}\",Instagram,koho{suffix},https://www.instagram.com/koho{suffix}/,承認済,\r\n";
        html = WebUtility.HtmlDecode(await (await pr.PostAsync("/accounts/import", Upload(good, token), Ct)).Content.ReadAsStringAsync(Ct));
        Assert.Contains("2 件の公式アカウントを取り込みました。", html);
        Assert.Equal(before + 2, await count());
        var audited = await fixture.App.WithDbAsync(async (db, _) => await db.AuditRecords.CountAsync(r => r.Action == "account.imported" && r.After!.Contains(suffix), Ct), tenantId);
        Assert.Equal(2, audited);

        // The same rows again: already registered.
        html = WebUtility.HtmlDecode(await (await pr.PostAsync("/accounts/import", Upload(good, token), Ct)).Content.ReadAsStringAsync(Ct));
        Assert.Contains("既に登録されている", html);
        Assert.Equal(before + 2, await count());
    }
}

public sealed class RegisterTransferTestsOnSqlite(SqliteAppFixture fixture) : RegisterTransferTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class RegisterTransferTestsOnPostgres(PostgresAppFixture fixture) : RegisterTransferTests(fixture), IClassFixture<PostgresAppFixture>;
