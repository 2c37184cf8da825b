using System.Diagnostics;
using Coordination.Server.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coordination.Server.Tests.Browser;

/// <summary>The page in a real browser, against the real server: boards and case rooms that change live.</summary>
[Collection(ServerCollection.Name)]
public sealed class PageTests(ServerFixture fixture, BrowserFixture _browser) : IClassFixture<BrowserFixture>
{
    private HttpClient Http => fixture.Http;
    private string Url => $"http://127.0.0.1:{fixture.Server!.HttpPort}";

    [Fact]
    public async Task Two_verbanden_in_one_case_room_see_an_acceptance_within_a_second_without_reload()
    {
        var id = await Http.OpenCase(Cases.LivesInEemlandSchoolInUtrecht());
        var anne = await _browser.SignedInPage(Http, "Anne de Wit", "PO2601");
        var bram = await _browser.SignedInPage(Http, "Bram Kok", "PO2602");
        foreach (var page in new[] { anne, bram })
        {
            await page.GotoAsync($"{Url}/#/casus/{id}");
            await Expect(page.GetByTestId("live")).ToHaveAttributeAsync("data-state", "live");
            await Expect(page.GetByTestId("coordination")).ToBeVisibleAsync();
        }
        var anneOnBramsScreen = bram.Locator("tr[data-verband=PO2601] [data-testid=request-state]");
        await Expect(anneOnBramsScreen).ToHaveTextAsync("Uitgenodigd");
        await Expect(bram.GetByTestId("presence")).ToContainTextAsync("Anne de Wit");
        var navigations = 0;
        bram.FrameNavigated += (_, _) => navigations++;

        var clock = Stopwatch.StartNew();
        await anne.GetByTestId("accept").ClickAsync();
        await Expect(anneOnBramsScreen).ToHaveTextAsync("Akkoord", new() { Timeout = 1000 });
        clock.Stop();

        Assert.Equal(0, navigations);
        await Expect(bram.GetByTestId("timeline")).ToContainTextAsync("Akkoord");
        await bram.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "case-room.png"), FullPage = true });
    }

    [Fact]
    public async Task An_agreement_that_lapses_when_a_verband_leaves_the_case_shows_as_lapsed_in_the_case_room()
    {
        var id = await Http.OpenCase(Cases.LivesInEemlandSchoolInUtrecht());
        await Http.PostOk($"/api/v1/cases/{id}/coordination/proposals/1/accept", new { }, organisation: "PO2601");
        await Http.PostOk($"/api/v1/cases/{id}/coordination/proposals/1/accept", new { }, organisation: "PO2602");
        var anne = await _browser.SignedInPage(Http, "Anne de Wit", "PO2601");
        await anne.GotoAsync($"{Url}/#/casus/{id}");
        await Expect(anne.GetByTestId("live")).ToHaveAttributeAsync("data-state", "live");
        await Expect(anne.GetByTestId("agreement")).ToContainTextAsync("Afgesproken");
        await Expect(anne.GetByTestId("agreement-lapsed")).ToHaveCountAsync(0);
        await Expect(anne.GetByTestId("presence")).ToContainTextAsync("Anne de Wit"); // in the case room now

        // The child moves to Utrecht: Eemland's verband, which agreed, is no party any more.
        await Http.Fire(id, new { trigger = "Move", municipality = "GM0344", reason = "verhuisd" }, organisation: "PO2601");

        // Live, without reload; generous for a busy machine (a room whose lease lapsed meanwhile catches up on renewal).
        await Expect(anne.GetByTestId("agreement-lapsed")).ToBeVisibleAsync(new() { Timeout = 15000 });
        await Expect(anne.GetByTestId("coordination-state")).ToHaveTextAsync("Afspraak vervallen");
        await Expect(anne.GetByTestId("timeline")).ToContainTextAsync("Afspraak vervallen");
    }

    [Fact]
    public async Task A_verband_board_shows_columns_with_counters_and_deadline_badges_and_updates_live()
    {
        var page = await _browser.SignedInPage(Http, "Anne de Wit", "PO2601");
        await page.GotoAsync($"{Url}/#/bord/PO2601");
        await Expect(page.GetByTestId("live")).ToHaveAttributeAsync("data-state", "live");
        await Expect(page.Locator("[data-testid=column][data-name=Aangemeld]")).ToBeVisibleAsync();

        // Applied 38 days ago: four days of zorgplicht left, so the badge is amber.
        var id = await Http.OpenCase(Cases.OneVerband(receivedOn: ApiClient.Today(-38)));
        var card = page.Locator($"[data-testid=card][data-case='{id}']");
        await Expect(card).ToBeVisibleAsync(new() { Timeout = 2000 });
        await Expect(card.Locator(".badge.amber")).ToContainTextAsync("Zorgplicht 4 d");

        await Http.Fire(id, new { trigger = "StartIntake" });
        await Expect(page.Locator("[data-testid=column][data-name=Verkenning]").Locator($"[data-case='{id}']")).ToBeVisibleAsync(new() { Timeout = 2000 });

        await page.GetByLabel("Filter").FillAsync("zzz-no-such-case");
        await Expect(page.GetByTestId("total")).ToHaveTextAsync("0 casussen");
        await page.GetByLabel("Filter").FillAsync("");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "board.png"), FullPage = true });
    }

    [Fact]
    public async Task Signing_in_picks_the_board_of_the_chosen_verband_and_works_on_a_tablet()
    {
        var context = await _browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 820, Height = 1180 }, Locale = "nl-NL" });
        await context.RouteAsync("**/*", route => new Uri(route.Request.Url).Host == "127.0.0.1" ? route.ContinueAsync() : route.AbortAsync());
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url);

        await page.GetByLabel("Naam").FillAsync("Chris Verbeek");
        await page.GetByLabel("Organisatie").SelectOptionAsync("VO2601");
        await page.GetByRole(AriaRole.Button, new() { Name = "Aanmelden" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/bord/VO2601$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Bord VO2601" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("live")).ToHaveAttributeAsync("data-state", "live");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "board-tablet.png") });
    }
}
