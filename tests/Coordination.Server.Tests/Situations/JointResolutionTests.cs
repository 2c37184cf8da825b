using System.Net;
using System.Text.Json.Nodes;
using Coordination.Server.Tests.Infrastructure;

namespace Coordination.Server.Tests.Situations;

/// <summary>
/// DOMAIN.md situation 3 over HTTP on the demo registry: verbanden resolve a multi-verband case together.
/// The acting verband is the caller's organisation (X-Actor-Organisation until sign-in lands).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class JointResolutionTests(ServerFixture fixture)
{
    private const string A = "PO2602"; // where the child lives (Amersfoort)
    private const string B = "PO2601"; // where the child goes to school (Utrecht)
    private const string C = "PO2603"; // issued the TLV years ago (Zeist) and still pays
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task Seed_000_three_verbanden_resolve_who_leads_and_pays_one_objects_then_all_agree()
    {
        var id = await LivesInAGoesToSchoolInBWithTlvFromC();

        var opened = await Http.GetOk($"/api/v1/cases/{id}/coordination");
        Assert.Equal("Open", (string)opened["state"]!);
        Assert.Equal(new[] { A, B, C }.Order(), Participants(opened).Order());
        var v = Current(opened);
        Assert.Equal(B, (string)v["regie"]!);
        Assert.Contains(v["payers"]!.AsArray(), p => (string)p!["verband"]! == C && (string)p["cost"]! == "TlvFunding");
        var inbox = (await Http.GetOk($"/api/v1/verbanden/{A}/inbox", A)).AsArray();
        Assert.Contains(inbox, e => (string)e!["caseId"]! == id && (string)e["request"]! == "Invited");
        await Http.PostOk($"/api/v1/cases/{id}/coordination/acknowledge", new { }, "coordinator C", C);
        Assert.Equal(HttpStatusCode.Conflict, (await Http.Post($"/api/v1/cases/{id}/coordination/acknowledge", new { }, "coordinator C", C)).Status);
        Assert.Contains((await Http.GetOk($"/api/v1/verbanden/{C}/inbox", C)).AsArray(), e => (string)e!["caseId"]! == id && (string)e["request"]! == "Acknowledged");

        // A objects: arrangement costs should be shared with the verband where the child lives.
        var version = (int)v["version"]!;
        var objected = await Http.PostOk($"/api/v1/cases/{id}/coordination/proposals/{version}/object", new
        {
            reason = "de arrangementskosten horen gedeeld te worden",
            counterProposal = new
            {
                regie = B,
                payers = new object[]
                {
                    new { verband = C, cost = "TlvFunding", percent = 100 },
                    new { verband = A, cost = "ArrangementCosts", percent = 50 },
                    new { verband = B, cost = "ArrangementCosts", percent = 50 },
                },
                school = "01AD00",
                placeBy = ApiClient.Today(14),
            },
        }, "coordinator A", A);
        var counter = (int)Current(objected)["version"]!;
        Assert.Equal(version + 1, counter);
        Assert.Equal(HttpStatusCode.Conflict, (await Http.Post($"/api/v1/cases/{id}/coordination/proposals/{version}/accept", new { }, "coordinator B", B)).Status);

        await Http.PostOk($"/api/v1/cases/{id}/coordination/proposals/{counter}/accept", new { }, "coordinator B", B);
        var agreed = await Http.PostOk($"/api/v1/cases/{id}/coordination/proposals/{counter}/accept", new { }, "coordinator C", C);

        Assert.Equal("Agreed", (string)agreed["state"]!);
        var c = await Http.GetOk($"/api/v1/cases/{id}");
        Assert.Equal(counter, (int)c["agreement"]!["version"]!);
        Assert.Equal(B, (string)c["leadVerband"]!);
        Assert.Equal(3, c["agreement"]!["payers"]!.AsArray().Count);
        var steps = (await Http.GetOk($"/api/v1/cases/{id}/history")).AsArray().Select(e => (string)e!["what"]!).ToList();
        Assert.Equal(["ProposalObjected", "ProposalMade", "ProposalAccepted", "ProposalAccepted", "CoordinationAgreed"], steps[^5..]);
        Assert.All((await Http.GetOk($"/api/v1/verbanden/{C}/inbox", C)).AsArray().Where(e => (string)e!["caseId"]! == id),
            e => Assert.Equal("Closed", (string)e!["request"]!));
    }

    [Fact]
    public async Task Concurrent_accept_and_object_on_one_version_give_one_outcome_and_the_loser_is_told_why()
    {
        var id = await Http.OpenCase(Cases.LivesInEemlandSchoolInUtrecht());
        var version = (int)Current(await Http.GetOk($"/api/v1/cases/{id}/coordination"))["version"]!;
        await Http.PostOk($"/api/v1/cases/{id}/coordination/proposals/{version}/accept", new { }, "coordinator B", B);

        // A's accept would complete the agreement; B's objection would replace the proposal. Both at once.
        var accept = Http.Post($"/api/v1/cases/{id}/coordination/proposals/{version}/accept", new { }, "coordinator A", A);
        var objection = Http.Post($"/api/v1/cases/{id}/coordination/proposals/{version}/object", new
        {
            reason = "toch liever gedeelde regie",
            counterProposal = new { regie = A, payers = new[] { new { verband = A, cost = "ArrangementCosts", percent = 100 } } },
        }, "coordinator B", B);
        var results = await Task.WhenAll(accept, objection);

        Assert.Single(results, r => r.Status == HttpStatusCode.OK);
        var loser = Assert.Single(results, r => r.Status == HttpStatusCode.Conflict);
        Assert.Matches("agreed on version|superseded", (string)loser.Body!["detail"]!);
        var first = await Http.GetOk($"/api/v1/cases/{id}/coordination");
        var second = await Http.GetOk($"/api/v1/cases/{id}/coordination");
        Assert.Equal(first.ToJsonString(), second.ToJsonString());
        Assert.Equal(results[0].Status == HttpStatusCode.OK ? "Agreed" : "Open", (string)first["state"]!);
    }

    [Fact]
    public async Task Who_is_not_involved_cannot_answer_a_verband_elsewhere_gets_404_the_school_403_and_nothing_changes()
    {
        var id = await Http.OpenCase(Cases.LivesInEemlandSchoolInUtrecht());
        var before = await Http.GetOk($"/api/v1/cases/{id}/coordination");
        var version = (int)Current(before)["version"]!;

        // C has nothing to do with this child: for C the case does not exist (issue 6: 404, not 403).
        // The school (01AA00) may see the case, but only verbanden resolve: 403, with the reason.
        foreach (var (organisation, expected) in new[] { (C, HttpStatusCode.NotFound), ("01AA00", HttpStatusCode.Forbidden) })
        {
            var accept = await Http.Post($"/api/v1/cases/{id}/coordination/proposals/{version}/accept", new { }, "medewerker", organisation);
            var propose = await Http.Post($"/api/v1/cases/{id}/coordination/proposals", new { regie = B, payers = new[] { new { verband = B, cost = "ArrangementCosts", percent = 100 } } }, "medewerker", organisation);
            var objection = await Http.Post($"/api/v1/cases/{id}/coordination/proposals/{version}/object", new { reason = "nee" }, "medewerker", organisation);

            Assert.All([accept.Status, propose.Status, objection.Status], s => Assert.Equal(expected, s));
            if (expected == HttpStatusCode.Forbidden) Assert.Contains("not involved", (string)accept.Body!["detail"]!);
        }
        Assert.Equal(before.ToJsonString(), (await Http.GetOk($"/api/v1/cases/{id}/coordination")).ToJsonString());
    }

    [Fact]
    public async Task A_step_sent_with_a_stale_If_Match_gets_412_and_changes_nothing_with_the_current_ETag_it_goes_through()
    {
        var id = await Http.OpenCase(Cases.LivesInEemlandSchoolInUtrecht());
        var (_, before, read) = await Http.GetWithHeaders($"/api/v1/cases/{id}/coordination", A);
        var etag = read.Headers.ETag!.Tag;
        Assert.Equal($"\"{(int)(await Http.GetOk($"/api/v1/cases/{id}"))["version"]!}\"", etag);
        var version = (int)Current(before!)["version"]!;

        // B accepts meanwhile: the case moves on, and what A read is stale.
        await Http.PostOk($"/api/v1/cases/{id}/coordination/proposals/{version}/accept", new { }, "coordinator B", B);
        var seen = await Http.GetOk($"/api/v1/cases/{id}/coordination", A);
        var proposal = new { regie = B, payers = new[] { new { verband = B, cost = "ArrangementCosts", percent = 100 } } };
        var steps = new (string Url, object Body)[]
        {
            ($"/api/v1/cases/{id}/coordination/acknowledge", new { }),
            ($"/api/v1/cases/{id}/coordination/proposals", proposal),
            ($"/api/v1/cases/{id}/coordination/proposals/{version}/accept", new { }),
            ($"/api/v1/cases/{id}/coordination/proposals/{version}/object", new { reason = "nee" }),
        };
        foreach (var (url, body) in steps)
        {
            var (status, problem, _) = await Http.Post(url, body, "coordinator A", A, ifMatch: etag);
            Assert.True(status == HttpStatusCode.PreconditionFailed, $"{url}: {(int)status} {problem}");
        }
        Assert.Equal(seen.ToJsonString(), (await Http.GetOk($"/api/v1/cases/{id}/coordination", A)).ToJsonString());

        var (_, _, fresh) = await Http.GetWithHeaders($"/api/v1/cases/{id}/coordination", A);
        var (accepted, resolution, answer) = await Http.Post($"/api/v1/cases/{id}/coordination/proposals/{version}/accept", new { }, "coordinator A", A,
            ifMatch: fresh.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, accepted);
        Assert.Equal("Agreed", (string)resolution!["state"]!);
        Assert.Equal($"\"{(int)(await Http.GetOk($"/api/v1/cases/{id}"))["version"]!}\"", answer.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task The_resolution_tells_each_caller_the_steps_it_may_take_now()
    {
        var id = await Http.OpenCase(Cases.LivesInEemlandSchoolInUtrecht());
        static string[] Steps(JsonNode resolution) => [.. resolution["permittedSteps"]!.AsArray().Select(s => (string)s!)];

        var read = await Http.GetOk($"/api/v1/cases/{id}/coordination", A);
        Assert.Equal(["Accept", "Acknowledge", "Object", "Propose"], Steps(read));
        var version = (int)Current(read)["version"]!;

        // The answer to a step carries what is left to the one who took it.
        var accepted = await Http.PostOk($"/api/v1/cases/{id}/coordination/proposals/{version}/accept", new { }, "coordinator A", A);
        Assert.Equal(["Object", "Propose"], Steps(accepted));
        Assert.Equal(["Object", "Propose"], Steps(await Http.GetOk($"/api/v1/cases/{id}/coordination", A)));
        // Each caller its own: B has not answered yet.
        Assert.Equal(["Accept", "Acknowledge", "Object", "Propose"], Steps(await Http.GetOk($"/api/v1/cases/{id}/coordination", B)));
    }

    [Fact]
    public async Task Closing_the_case_closes_its_resolution_and_takes_the_requests_out_of_the_open_inboxes()
    {
        // Before, the resolution stayed open on a closed case: still in the inboxes, still taking answers.
        var id = await Http.OpenCase(Cases.LivesInEemlandSchoolInUtrecht());
        var version = (int)Current(await Http.GetOk($"/api/v1/cases/{id}/coordination", A))["version"]!;

        await Http.PostOk($"/api/v1/cases/{id}/transitions", new { trigger = "Close", reason = "verhuisd naar het buitenland" }, "coordinator B", B);

        var closed = await Http.GetOk($"/api/v1/cases/{id}/coordination", A);
        Assert.Equal("Closed", (string)closed["state"]!);
        Assert.All(closed["requests"]!.AsArray(), q => Assert.Equal("Closed", (string)q!["state"]!));
        foreach (var verband in new[] { A, B })
            Assert.DoesNotContain((await Http.GetOk($"/api/v1/verbanden/{verband}/inbox?open=true", verband)).AsArray(), e => (string)e!["caseId"]! == id);
        var (status, problem, _) = await Http.Post($"/api/v1/cases/{id}/coordination/proposals/{version}/object", new { reason = "nee" }, "coordinator A", A);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Closed", (string)problem!["state"]!);
    }

    [Fact]
    public async Task A_party_verband_opens_a_resolution_by_hand_for_a_special_situation()
    {
        // Alone in a case a verband has nobody to resolve anything with.
        var alone = await Http.OpenCase(Cases.OneVerband());
        Assert.Equal(HttpStatusCode.NotFound, (await Http.Get($"/api/v1/cases/{alone}/coordination")).Status);
        var (single, refused, _) = await Http.Post($"/api/v1/cases/{alone}/coordination", new { reason = "bijzondere situatie" }, "coordinator B", B);
        Assert.Equal(HttpStatusCode.Conflict, single);
        Assert.Contains("needs two verbanden", (string)refused!["detail"]!);
        Assert.Empty(refused["permittedTriggers"]!.AsArray());

        // Two verbanden agreed; then something comes up that the agreement does not settle.
        var id = await Http.OpenCase(Cases.LivesInEemlandSchoolInUtrecht());
        await Http.PostOk($"/api/v1/cases/{id}/coordination/proposals/1/accept", new { }, organisation: A);
        await Http.PostOk($"/api/v1/cases/{id}/coordination/proposals/1/accept", new { }, organisation: B);

        var (noReason, problem, _) = await Http.Post($"/api/v1/cases/{id}/coordination", new { }, "coordinator B", B);
        Assert.Equal(HttpStatusCode.BadRequest, noReason);
        Assert.Contains("reason", problem!["errors"]!.AsObject().Select(e => e.Key));

        var (status, body, response) = await Http.Post($"/api/v1/cases/{id}/coordination", new { reason = "medische zorg op school: afstemming nodig" }, "coordinator B", B);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.EndsWith($"/cases/{id}/coordination", response.Headers.Location!.ToString());
        Assert.Equal((B, 2), ((string)body!["openedBy"]!, (int)body["number"]!));
        Assert.Equal(HttpStatusCode.Conflict, (await Http.Post($"/api/v1/cases/{id}/coordination", new { reason = "nog een keer" }, "coordinator B", B)).Status);
    }

    [Fact]
    public async Task A_bad_proposal_names_each_field_and_changes_nothing()
    {
        var id = await Http.OpenCase(Cases.LivesInEemlandSchoolInUtrecht());
        var before = await Http.GetOk($"/api/v1/cases/{id}/coordination");

        var (status, body, _) = await Http.Post($"/api/v1/cases/{id}/coordination/proposals", new
        {
            regie = C,
            payers = new object[] { new { verband = A, cost = "Everything", percent = 60 }, new { verband = B, cost = "ArrangementCosts", percent = 30 } },
            school = "nope",
            placeBy = "2001-01-01",
        }, "coordinator A", A);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var fields = body!["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains("regie", fields);
        Assert.Contains("payers[0].cost", fields);
        Assert.Contains("payers", fields);
        Assert.Contains("school", fields);
        Assert.Contains("placeBy", fields);
        Assert.Equal(before.ToJsonString(), (await Http.GetOk($"/api/v1/cases/{id}/coordination")).ToJsonString());
    }

    /// <summary>
    /// The child lived and went to school in Zeist, where C granted an SO TLV and placed it; then it moved to
    /// Amersfoort (A) and to an SO school in Utrecht (B). C still pays.
    /// </summary>
    private async Task<string> LivesInAGoesToSchoolInBWithTlvFromC()
    {
        var id = await Http.OpenCase(new
        {
            parentsInformed = true, student = new { name = "Mees van Dijk", dateOfBirth = "2015-10-10", municipality = "GM0355", school = "05AA00" },
            reason = "ondersteuningsvraag",
        }, C);
        foreach (var step in new object[]
        {
            new { trigger = "StartIntake" },
            new { trigger = "RequestTlv", schoolType = "SO" },
            new { trigger = "RecordExpertAdvice", expert = "Drs. K. de Graaf", discipline = "orthopedagoog" },
            new { trigger = "RecordExpertAdvice", expert = "Dr. L. Mulder", discipline = "kinderpsychiater" },
            new { trigger = "GrantTlv", schoolType = "SO", category = "Midden", issuedBy = C, startDate = ApiClient.Today(-400), endDate = ApiClient.Today(330) },
            new { trigger = "StartPlacement" },
            new { trigger = "Place", school = "05AB00" },
            new { trigger = "ChangeSchool", school = "01AD00", date = ApiClient.Today() },
            new { trigger = "Move", municipality = "GM0307", reason = "verhuisd" },
        })
            await Http.Fire(id, step, "medewerker", C);
        return id;
    }

    private static IEnumerable<string> Participants(JsonNode resolution) =>
        resolution["requests"]!.AsArray().Where(q => (string)q!["state"]! != "Closed").Select(q => (string)q!["verband"]!);

    private static JsonNode Current(JsonNode resolution) => resolution["proposals"]!.AsArray()[^1]!;
}
