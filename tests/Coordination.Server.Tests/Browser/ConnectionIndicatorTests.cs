using Coordination.Server.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Coordination.Server.Tests.Browser;

/// <summary>The page shows when its live connection drops, and when it comes back it is live again and up to date.</summary>
public sealed class ConnectionIndicatorTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_dropped_connection_is_visible_and_on_return_the_board_is_live_and_current_again()
    {
        await using var db = await TestDatabase.CreateAsync();
        var server = await ServerProcess.StartAsync(new(db.ConnectionString));
        var port = server.HttpPort;
        await server.Http.ImportDemoRegistry();
        var page = await browser.SignedInPage(server.Http, "Anne de Wit", "PO2601");
        await page.GotoAsync($"http://127.0.0.1:{port}/#/bord/PO2601");
        await Expect(page.GetByTestId("live")).ToHaveAttributeAsync("data-state", "live");

        await server.KillAsync();
        await Expect(page.GetByTestId("live")).Not.ToHaveAttributeAsync("data-state", "live", new() { Timeout = 10_000 });
        await Expect(page.GetByTestId("live")).ToContainTextAsync("erbinding");

        // The service comes back on the same address; a case opened meanwhile shows without a reload.
        await using var back = await ServerProcess.StartAsync(new(db.ConnectionString, HttpPort: port));
        var id = await back.Http.OpenCase(Cases.OneVerband());
        await Expect(page.GetByTestId("live")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });
        await Expect(page.Locator($"[data-testid=card][data-case='{id}']")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await server.DisposeAsync();
    }
}
