using Coordination.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Coordination.Server.Tests.Browser;

/// <summary>
/// Debian's chromium driven by Playwright (its own driver, no downloaded browser), headless, with every request
/// that does not go to 127.0.0.1 aborted: the page must work without any network (no CDN).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = null!;

    public static string Screenshots
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Coordination.sln"))) dir = dir.Parent;
            var path = Path.Combine(dir!.FullName, "artifacts", "screenshots");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A browser context signed in with the development identity, as the sign-in form would leave it.</summary>
    public async Task<IPage> SignedInPage(HttpClient http, string name, string organisation, int width = 1366, int height = 900)
    {
        var token = await http.Token(name, organisation);
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, Locale = "nl-NL", TimezoneId = "Europe/Amsterdam" });
        await context.RouteAsync("**/*", route =>
            new Uri(route.Request.Url).Host == "127.0.0.1" ? route.ContinueAsync() : route.AbortAsync());
        var identity = System.Text.Json.JsonSerializer.Serialize(new { name, organisation, token });
        await context.AddInitScriptAsync($"sessionStorage.setItem('actor', {System.Text.Json.JsonSerializer.Serialize(identity)});");
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
