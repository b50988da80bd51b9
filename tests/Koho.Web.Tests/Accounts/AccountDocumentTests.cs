using System.Diagnostics;
using DocumentFormat.OpenXml.Packaging;
using Koho.Web.Tests.Testing;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Tests.Accounts;

/// <summary>
/// The account's 運用ポリシー and 運用計画書: generated from the pack's template and the application, as a printable page
/// and as a .docx that LibreOffice opens and renders (the rendering is kept as a PNG to look at).
/// </summary>
public sealed class PurposePhraseTests
{
    [Theory]
    [InlineData("防災情報を迅速に届けるため。詳細は運用ポリシー案のとおり。", "防災情報を迅速に届ける")]
    [InlineData("子育て世帯に行事を知らせるために", "子育て世帯に行事を知らせる")]
    [InlineData("観光情報の発信", "観光情報の発信")]
    public void The_policy_template_gets_the_first_sentence_without_its_closing_tame(string answer, string phrase) =>
        Assert.Equal(phrase, Koho.Web.Accounts.Documents.AccountDocuments.PurposePhrase(answer));
}

public abstract class AccountDocumentTests(AppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<Guid> AccountAsync() =>
        await fixture.App.WithDbAsync(async (db, _) => (await db.OfficialAccounts.FirstAsync(a => a.Name == "武蔵野市防災情報X（デモ）", Ct)).Id,
            await fixture.App.DemoTenantIdAsync());

    [Fact]
    public async Task The_policy_fills_the_packs_template_for_the_account_as_a_page_and_a_docx()
    {
        var id = await AccountAsync();
        var client = await fixture.App.SignedInClientAsync("operator");
        var html = System.Net.WebUtility.HtmlDecode(await client.GetHtmlAsync($"/accounts/{id}/policy"));
        Assert.Contains("武蔵野市防災情報X（デモ） 運用ポリシー", html);
        Assert.Contains("武蔵野市 防災課", html);
        Assert.DoesNotContain("{municipality}", html);
        Assert.DoesNotContain("{department}", html);

        var response = await client.GetAsync($"/accounts/{id}/policy?handler=Docx", Ct);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        using var docx = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var text = docx.MainDocumentPart!.Document.Body!.InnerText;
        Assert.Contains("武蔵野市防災情報X（デモ） 運用ポリシー", text);
        Assert.Contains("防災課", text);
        Assert.DoesNotContain("{", text);

        var plan = System.Net.WebUtility.HtmlDecode(await client.GetHtmlAsync($"/accounts/{id}/plan"));
        Assert.Contains("運用計画書", plan);
        Assert.Contains("https://x.com/musashino_bousai_demo", plan);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync($"/accounts/{Guid.NewGuid()}/policy", Ct)).StatusCode);
    }

    [Fact]
    public async Task LibreOffice_opens_the_docx_and_renders_it_on_A4()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/soffice") && File.Exists("/usr/bin/pdftoppm"), "libreoffice-writer-nogui and poppler-utils are installed by ./test.sh");
        var id = await AccountAsync();
        var client = await fixture.App.SignedInClientAsync("operator");
        var bytes = await (await client.GetAsync($"/accounts/{id}/policy?handler=Docx", Ct)).Content.ReadAsByteArrayAsync(Ct);
        var dir = Directory.CreateTempSubdirectory("koho-docx-");
        try
        {
            var docx = Path.Combine(dir.FullName, "policy.docx");
            await File.WriteAllBytesAsync(docx, bytes, Ct);
            // A profile of its own, so that parallel runs do not share LibreOffice's user directory.
            await RunAsync("/usr/bin/soffice", $"-env:UserInstallation=file://{dir.FullName}/profile --headless --convert-to pdf --outdir {dir.FullName} {docx}");
            var pdf = Path.Combine(dir.FullName, "policy.pdf");
            Assert.True(File.Exists(pdf), "LibreOffice produced no PDF");
            Assert.Contains("(A4)", await RunAsync("/usr/bin/pdfinfo", pdf));
            var shots = Path.GetFullPath(Path.Combine(Repo(), "TestResults", "screenshots"));
            Directory.CreateDirectory(shots);
            await RunAsync("/usr/bin/pdftoppm", $"-png -r 60 -f 1 -l 1 {pdf} {Path.Combine(shots, $"60-policy-docx-{fixture.Kind}".ToLowerInvariant())}");
            Assert.NotEmpty(Directory.GetFiles(shots, $"60-policy-docx-{fixture.Kind}*.png".ToLowerInvariant()));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    private static async Task<string> RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"{file} failed: {await stderr}");
        return stdout;
    }

    private static string Repo([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));
}

public sealed class AccountDocumentTestsOnSqlite(SqliteAppFixture fixture) : AccountDocumentTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class AccountDocumentTestsOnPostgres(PostgresAppFixture fixture) : AccountDocumentTests(fixture), IClassFixture<PostgresAppFixture>;
