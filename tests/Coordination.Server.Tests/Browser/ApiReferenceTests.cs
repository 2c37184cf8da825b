using Coordination.Server.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Coordination.Server.Tests.Browser;

/// <summary>/docs renders the API reference in a browser from this host alone: no font, script or telemetry from elsewhere.</summary>
[Collection(ServerCollection.Name)]
public sealed class ApiReferenceTests(ServerFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_admin_browses_the_api_reference_without_any_request_leaving_the_machine()
    {
        var token = await fixture.Http.Token("beheer", ApiClient.Admin);
        var context = await browser.Browser.NewContextAsync(new() { ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" } });
        var elsewhere = new List<string>();
        await context.RouteAsync("**/*", route =>
        {
            if (new Uri(route.Request.Url).Host == "127.0.0.1") return route.ContinueAsync();
            elsewhere.Add(route.Request.Url);
            return route.AbortAsync();
        });
        var page = await context.NewPageAsync();

        await page.GotoAsync($"http://127.0.0.1:{fixture.Server!.HttpPort}/docs/");

        // The reference has read /openapi/v1.json (with the admin's token) and lists the resources.
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Coordination.Server | v1" })).ToBeVisibleAsync(new() { Timeout = 15_000 });
        foreach (var group in new[] { "Cases", "Verbanden", "Coordination", "Webhooks" })
            await Expect(page.GetByText(group, new() { Exact = true }).First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "api-reference.png") });
        Assert.Empty(elsewhere);
    }
}
