using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace Koho.Browser.Tests;

/// <summary>
/// The real Koho app on a real loopback port (Kestrel, Development with the demo municipality, its own SQLite
/// file), and Debian's Chromium driven by Playwright. Playwright never downloads a browser here.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "koho-browser", Guid.NewGuid().ToString("N"));
    private KohoServer? _server;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    /// <summary>Screenshots land here for people to look at: TestResults/screenshots at the repository root.</summary>
    public static string ScreenshotDir { get; } = Path.Combine(RepositoryRoot(), "TestResults", "screenshots");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_dataDir);
        Directory.CreateDirectory(ScreenshotDir);
        var port = FreePort();
        BaseUrl = $"http://localhost:{port}";
        _server = new KohoServer(Path.Combine(_dataDir, "koho.db"));
        _server.UseKestrel(port);
        _server.StartServer();

        if (!File.Exists(Chromium)) throw new InvalidOperationException($"{Chromium} がありません。./test.sh が Debian の chromium を入れます。");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--lang=ja-JP"],
        });
    }

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 860)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "ja-JP",
            TimezoneId = "Asia/Tokyo",
        });
        return await context.NewPageAsync();
    }

    /// <summary>A new browser context (its own cookies) signed in as the demo user.</summary>
    public async Task<IPage> SignedInPageAsync(string user, int width = 1280, int height = 900)
    {
        var page = await NewPageAsync(width, height);
        await page.GotoAsync("/signin");
        await SignInAsync(page, user);
        return page;
    }

    /// <summary>
    /// Signs in through the real form. Waits for what the user sees (their name in the header, or the error
    /// message) rather than for navigation events, which were seen to time out under load even after the
    /// dashboard had rendered.
    /// </summary>
    public static async Task SignInAsync(IPage page, string user, string password = "Koho-demo-2026")
    {
        if (!page.Url.Contains("/signin", StringComparison.Ordinal)) await page.GotoAsync("/signin");
        await page.GetByLabel("サインイン名").FillAsync(user);
        await page.GetByLabel("パスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン" }).ClickAsync();
        await page.Locator(".user-chip, .auth-card .alert").First.WaitForAsync();
        if (!await page.Locator(".user-chip").IsVisibleAsync())
        {
            await ScreenshotAsync(page, $"failed-signin-{user}");
            throw new Xunit.Sdk.XunitException($"{user} はサインインできませんでした: {await page.Locator("main").InnerTextAsync()}");
        }
    }

    /// <param name="fullPage">False for long pages: what the window shows (after scrolling to the part to look at).</param>
    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = fullPage });

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Koho.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Path.GetTempPath();
    }

    private sealed class KohoServer(string databasePath) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Koho:Database:Provider", "sqlite");
            builder.UseSetting("ConnectionStrings:Koho", $"Data Source={databasePath}");
            builder.UseSetting("Koho:Audit:KeyFile", Path.Combine(Path.GetDirectoryName(databasePath)!, "audit.key"));
        }
    }
}
