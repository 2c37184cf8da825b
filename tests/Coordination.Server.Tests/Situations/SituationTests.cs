using System.Text.Json.Nodes;
using Coordination.Server.Tests.Infrastructure;

namespace Coordination.Server.Tests.Situations;

/// <summary>The situations of DOMAIN.md, end to end over HTTP against the real server and PostgreSQL.</summary>
[Collection(ServerCollection.Name)]
public sealed class SituationTests(ServerFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task Situation_1_lives_in_one_verband_goes_to_school_in_another_the_school_verband_leads()
    {
        var id = await Http.OpenCase(Cases.LivesInEemlandSchoolInUtrecht());

        var c = await Http.GetOk($"/api/v1/cases/{id}");
        Assert.True((bool)c["multiVerband"]!);
        Assert.Equal("PO2601", (string)c["leadVerband"]!);
        Assert.Equal(["SchoolVerband"], Roles(c, "PO2601"));
        Assert.Equal(["ResidenceVerband"], Roles(c, "PO2602"));
        Assert.True(await OnBoard("PO2601", id));
        Assert.True(await OnBoard("PO2602", id));
        Assert.False(await OnBoard("PO2603", id));
    }

    [Fact]
    public async Task Situation_2_a_tlv_issued_by_a_third_verband_makes_it_the_payer_and_a_party()
    {
        var id = await Http.OpenCase(Cases.LivesInEemlandSchoolInUtrecht());
        await Http.Fire(id, new { trigger = "StartIntake" });
        await Http.Fire(id, new { trigger = "RequestTlv", schoolType = "SO", reason = "ondersteuningsbehoefte te groot" });
        await Http.Fire(id, new { trigger = "RecordExpertAdvice", expert = "Drs. A. Visser", discipline = "orthopedagoog" });
        await Http.Fire(id, new { trigger = "RecordExpertAdvice", expert = "Dr. B. Smit", discipline = "kinderpsychiater" });
        var granted = await Http.Fire(id, new
        {
            trigger = "GrantTlv", schoolType = "SO", category = "Midden", issuedBy = "PO2603",
            startDate = ApiClient.Today(), endDate = ApiClient.Today(730),
        }, "coordinator", "PO2601");

        Assert.Equal("TlvToegekend", (string)granted["state"]!);
        Assert.Equal(["TlvIssuer"], Roles(granted, "PO2603"));
        Assert.Equal(3, granted["parties"]!.AsArray().Count(p => (string)p!["kind"]! == "Verband"));
        Assert.True(await OnBoard("PO2603", id));

        await Http.Fire(id, new { trigger = "StartPlacement" });
        var placed = await Http.Fire(id, new { trigger = "Place", school = "01AD00" });
        Assert.Equal("Geplaatst", (string)placed["state"]!);
        Assert.Equal("PO2603", (string)placed["currentTlv"]!["issuedBy"]!);
        var history = (await Http.GetOk($"/api/v1/cases/{id}/history")).AsArray();
        var grant = history.Single(e => (string)e!["what"]! == "GrantTlv")!;
        Assert.Equal("coordinator", (string)grant["actor"]!["name"]!);
        Assert.Equal("PO2601", (string)grant["actor"]!["organisation"]!);
    }

    [Fact]
    public async Task Situation_4_zorgplicht_warns_a_week_before_extends_once_and_records_a_breach()
    {
        // Applied 36 days ago: the six-week term ends in 6 days, inside the warning week.
        var warned = await Http.OpenCase(Cases.LivesInEemlandSchoolInUtrecht(receivedOn: ApiClient.Today(-36)));
        Assert.Contains("ZorgplichtWarning", await History(warned));

        var extended = await Http.Fire(warned, new { trigger = "ExtendZorgplicht", weeks = 4, reason = "extra onderzoek nodig; ouders schriftelijk geïnformeerd" });
        Assert.Equal(ApiClient.Today(-36 + 70), (string)extended["zorgplicht"]!["deadline"]!);
        var (status, problem, _) = await Http.Post($"/api/v1/cases/{warned}/transitions", new { trigger = "ExtendZorgplicht", weeks = 1, reason = "nog eens" });
        Assert.Equal(409, (int)status);
        Assert.DoesNotContain("ExtendZorgplicht", problem!["permittedTriggers"]!.AsArray().Select(t => (string)t!));

        var (second, refusal, _) = await Http.Post($"/api/v1/cases/{warned}/transitions", new { trigger = "ReceiveApplication", school = "01AB00", date = ApiClient.Today() });
        Assert.Equal(409, (int)second);
        Assert.Contains("one application at a time", (string)refusal!["detail"]!);

        // Applied 50 days ago and never extended: the breach is on record.
        var breached = await Http.OpenCase(Cases.LivesInEemlandSchoolInUtrecht(receivedOn: ApiClient.Today(-50)));
        Assert.Contains("ZorgplichtBreached", await History(breached));
    }

    [Fact]
    public async Task Situation_5_a_child_at_home_four_weeks_is_flagged_as_thuiszitter_with_the_onderwijsconsulent_suggested()
    {
        var id = await Http.OpenCase(new
        {
            parentsInformed = true, student = new { name = "Daan Kok", dateOfBirth = "2015-09-09", municipality = "GM0344" },
            sector = "PO",
            outOfSchoolSince = ApiClient.Today(-30),
            reason = "melding leerplicht",
        });

        var flag = (await Http.GetOk($"/api/v1/cases/{id}/history")).AsArray().Single(e => (string)e!["what"]! == "ThuiszitterFlagged")!;
        Assert.Equal("onderwijsconsulent", (string)flag["details"]!["suggestion"]!);
        var board = await Http.GetOk("/api/v1/verbanden/PO2601/cases");
        Assert.True((bool)board["cases"]!.AsArray().Single(c => (string)c!["id"]! == id)!["thuiszitter"]!);

        var signalled = await Http.Fire(id, new { trigger = "RecordSignal", signal = "Leerplicht", parentsInformed = true, reason = "verzuimmelding" });
        Assert.Contains(signalled["parties"]!.AsArray(), p => (string)p!["kind"]! == "Municipality" && (string)p["code"]! == "GM0344");
    }

    [Fact]
    public async Task Situation_7_po_to_vo_hands_the_case_to_the_vo_verband_keeping_its_history()
    {
        var id = await Http.OpenCase(new
        {
            parentsInformed = true, student = new { name = "Lotte Bakker", dateOfBirth = "2014-05-05", municipality = "GM0344", school = "01AA00" },
            reason = "groep 8, ondersteuning in de klas",
        });
        await Http.Fire(id, new { trigger = "StartIntake" });
        await Http.Fire(id, new { trigger = "OfferArrangement", reason = "arrangement in groep 8" });

        var handed = await Http.Fire(id, new { trigger = "HandOverToVo", school = "02AA00", date = ApiClient.Today(), reason = "warme overdracht naar de brugklas" });

        Assert.Equal("VO", (string)handed["sector"]!);
        Assert.Equal("Verkenning", (string)handed["state"]!);
        Assert.Equal(["SchoolVerband", "ResidenceVerband"], Roles(handed, "VO2601"));
        Assert.Equal(["Signal", "StartIntake", "OfferArrangement", "HandOverToVo"], await History(id, "VO2601"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await Http.Get($"/api/v1/cases/{id}", "PO2601")).Status);
        Assert.True(await OnBoard("VO2601", id));
        Assert.False(await OnBoard("PO2601", id));
    }

    private static List<string> Roles(JsonNode c, string verband) =>
        c["parties"]!.AsArray().Single(p => (string)p!["code"]! == verband)!["roles"]!.AsArray().Select(r => (string)r!).ToList();

    private async Task<bool> OnBoard(string verband, string id) =>
        (await Http.GetOk($"/api/v1/verbanden/{verband}/cases?pageSize=200", verband))["cases"]!.AsArray().Any(c => (string)c!["id"]! == id);

    private async Task<List<string>> History(string id, string organisation = ApiClient.DefaultOrganisation) =>
        (await Http.GetOk($"/api/v1/cases/{id}/history", organisation)).AsArray().Select(e => (string)e!["what"]!).ToList();
}
