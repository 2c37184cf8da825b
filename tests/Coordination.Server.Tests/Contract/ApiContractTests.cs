using System.Net;
using System.Text;
using Coordination.Server.Tests.Infrastructure;

namespace Coordination.Server.Tests.Contract;

/// <summary>Bad input gets a clear problem+json naming the field, and changes nothing.</summary>
[Collection(ServerCollection.Name)]
public sealed class ApiContractTests(ServerFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task Bad_fields_are_a_400_problem_naming_each_field()
    {
        var (status, body, response) = await Http.Post("/api/v1/cases", new
        {
            parentsInformed = true, student = new { name = "", dateOfBirth = "2030-01-01", municipality = "Utrecht", school = "XX" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = body!["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains("student.name", errors);
        Assert.Contains("student.dateOfBirth", errors);
        Assert.Contains("student.municipality", errors);
        Assert.Contains("student.school", errors);
    }

    [Fact]
    public async Task A_wrong_type_or_unknown_property_names_the_field()
    {
        var (status, body, _) = await Http.Post("/api/v1/cases", new { parentsInformed = true, student = new { name = 5 } });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("student.name", body!["errors"]!.AsObject().Select(e => e.Key));

        var id = await Http.OpenCase(Cases.OneVerband());
        var (s2, _, _) = await Http.Post($"/api/v1/cases/{id}/transitions", new { trigger = "StartIntake", triger = "typo" });
        Assert.Equal(HttpStatusCode.BadRequest, s2);
        Assert.Equal(1, (long)(await Http.GetOk($"/api/v1/cases/{id}"))["version"]!);
    }

    [Fact]
    public async Task A_trigger_not_permitted_is_a_409_listing_the_permitted_triggers_and_changes_nothing()
    {
        var id = await Http.OpenCase(Cases.OneVerband());
        var (status, body, _) = await Http.Post($"/api/v1/cases/{id}/transitions", new { trigger = "GrantTlv" });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Aangemeld", (string)body!["state"]!);
        Assert.Contains("StartIntake", body["permittedTriggers"]!.AsArray().Select(t => (string)t!));
        var after = await Http.GetOk($"/api/v1/cases/{id}");
        Assert.Equal(1, (long)after["version"]!);
        Assert.Single((await Http.GetOk($"/api/v1/cases/{id}/history")).AsArray());
    }

    [Fact]
    public async Task A_stale_if_match_is_a_412_and_a_current_one_is_accepted()
    {
        var id = await Http.OpenCase(Cases.OneVerband());
        var (stale, _, _) = await Http.Post($"/api/v1/cases/{id}/transitions", new { trigger = "StartIntake" }, ifMatch: "\"7\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale);
        Assert.Equal("Aangemeld", (string)(await Http.GetOk($"/api/v1/cases/{id}"))["state"]!);

        var (ok, body, response) = await Http.Post($"/api/v1/cases/{id}/transitions", new { trigger = "StartIntake" }, ifMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal("\"2\"", response.Headers.ETag!.Tag);
        Assert.Equal("Verkenning", (string)body!["state"]!);
    }

    [Fact]
    public async Task A_board_read_carries_its_sequence_as_ETag_and_a_change_on_the_board_moves_it()
    {
        var (_, board, read) = await Http.GetWithHeaders("/api/v1/verbanden/PO2601/cases", "PO2601");
        Assert.Equal($"\"{(long)board!["sequence"]!}\"", read.Headers.ETag!.Tag);

        await Http.OpenCase(Cases.OneVerband());
        var (_, after, reread) = await Http.GetWithHeaders("/api/v1/verbanden/PO2601/cases", "PO2601");
        Assert.True((long)after!["sequence"]! > (long)board["sequence"]!);
        Assert.Equal($"\"{(long)after["sequence"]!}\"", reread.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Answers_come_whole_with_their_Content_Length_not_chunked()
    {
        // Chunked, each answer took two writes (the body, then the closing chunk) and woke the caller twice.
        var (opened, _, openResponse) = await Http.Post("/api/v1/cases", Cases.OneVerband());
        Assert.Equal(HttpStatusCode.Created, opened);
        var id = openResponse.Headers.Location!.ToString().Split('/')[^1];
        var (moved, _, moveResponse) = await Http.Post($"/api/v1/cases/{id}/transitions", new { trigger = "StartIntake" });
        Assert.Equal(HttpStatusCode.OK, moved);
        var (read, _, readResponse) = await Http.GetWithHeaders($"/api/v1/cases/{id}");
        Assert.Equal(HttpStatusCode.OK, read);

        foreach (var response in new[] { openResponse, moveResponse, readResponse })
        {
            Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
            Assert.Equal((await response.Content.ReadAsByteArrayAsync()).Length, response.Content.Headers.ContentLength);
            Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task Unknown_ids_are_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Http.Get($"/api/v1/cases/{Guid.NewGuid():N}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.Get("/api/v1/cases/not-an-id")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.Get("/api/v1/verbanden/PO9999")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.Post($"/api/v1/cases/{Guid.NewGuid():N}/transitions", new { trigger = "StartIntake" })).Status);
    }

    [Theory]
    [InlineData("PO2602")]             // another verband
    [InlineData("02AA00")]             // a school the child neither attends nor applies to
    [InlineData("expertteam:Utrecht")]
    [InlineData("onderwijsconsulent")]
    public async Task Only_those_a_case_concerns_may_open_it_anyone_else_gets_403_and_nothing_is_made(string organisation)
    {
        // Before, anyone could open a case about any child and read it back in the answer.
        var before = (long)(await Http.GetOk("/api/v1/verbanden/PO2601/cases"))["total"]!;

        var (status, problem, _) = await Http.Post("/api/v1/cases", Cases.OneVerband(), organisation: organisation);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.DoesNotContain("Sam Peters", problem!.ToJsonString());
        Assert.Equal(before, (long)(await Http.GetOk("/api/v1/verbanden/PO2601/cases"))["total"]!);
        // The child's school, its verband and its municipality (leerplicht) may.
        foreach (var concerned in new[] { "01AA00", "PO2601", "GM0344" })
            Assert.Equal(HttpStatusCode.Created, (await Http.Post("/api/v1/cases", Cases.OneVerband(), organisation: concerned)).Status);
    }

    [Fact]
    public async Task A_field_a_request_does_not_have_and_a_field_of_the_wrong_type_are_told_apart_and_a_bad_version_is_a_400()
    {
        var id = await Http.OpenCase(Cases.LivesInEemlandSchoolInUtrecht());
        var version = (int)(await Http.GetOk($"/api/v1/cases/{id}"))["version"]!;

        var (_, unknown, _) = await Http.Post($"/api/v1/cases/{id}/transitions", new { trigger = "StartIntake", lead = "PO2601" });
        Assert.Equal("is not a field of this request", (string)unknown!["errors"]!["lead"]![0]!);
        var (_, wrongType, _) = await Http.Post($"/api/v1/cases/{id}/transitions", new { trigger = 5 });
        Assert.Equal("has the wrong type or is not valid JSON", (string)wrongType!["errors"]!["trigger"]![0]!);

        // Before, a version that is no number was a bare 404, as if the route did not exist.
        var (status, problem, _) = await Http.Post($"/api/v1/cases/{id}/coordination/proposals/abc/accept", new { });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("version", problem!["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(version, (int)(await Http.GetOk($"/api/v1/cases/{id}"))["version"]!);
    }

    [Fact]
    public async Task A_municipality_that_opens_a_case_joins_it_through_leerplicht_and_can_read_and_follow_it()
    {
        // Before, the municipality could open the case (leerplicht reports a child) but not read what it raised.
        var (status, opened, _) = await Http.Post("/api/v1/cases", Cases.OneVerband(), organisation: "GM0344");
        Assert.Equal(HttpStatusCode.Created, status);
        var id = (string)opened!["id"]!;

        var read = await Http.GetOk($"/api/v1/cases/{id}", organisation: "GM0344");
        Assert.Contains(read["parties"]!.AsArray(), p => (string)p!["kind"]! == "Municipality" && (string)p["code"]! == "GM0344");
        Assert.Equal("Leerplicht", (string)Assert.Single(read["signals"]!.AsArray())!["kind"]!);
        Assert.Equal("Leerplicht", (string)(await Http.GetOk($"/api/v1/cases/{id}/history", organisation: "GM0344"))[0]!["details"]!["signal"]!);
        // It takes the leerplicht steps (where the child lives, absence, signals), not the steps of its education; the
        // answers list only the steps it may take, the verband's all of them.
        Assert.Equal(["Move", "RecordOutOfSchool", "RecordSignal"], read["permittedTriggers"]!.AsArray().Select(t => (string)t!).Order());
        var (notTheirs, refused, _) = await Http.Post($"/api/v1/cases/{id}/transitions", new { trigger = "StartIntake" }, organisation: "GM0344");
        Assert.Equal(HttpStatusCode.Forbidden, notTheirs);
        Assert.Contains("not a municipality's", (string)refused!["detail"]!);
        Assert.Equal(1, (int)(await Http.GetOk($"/api/v1/cases/{id}", organisation: "PO2601"))["version"]!);
        Assert.Contains("StartIntake", (await Http.GetOk($"/api/v1/cases/{id}", organisation: "PO2601"))["permittedTriggers"]!.AsArray().Select(t => (string)t!));
        await Http.Fire(id, new { trigger = "RecordOutOfSchool", date = ApiClient.Today(-1) }, organisation: "GM0344");
        // A case opened by its verband does not make the municipality a party.
        var (_, byVerband, _) = await Http.Post("/api/v1/cases", Cases.OneVerband(), organisation: "PO2601");
        Assert.Equal(HttpStatusCode.NotFound, (await Http.Get($"/api/v1/cases/{(string)byVerband!["id"]!}", organisation: "GM0344")).Status);
    }

    [Fact]
    public async Task A_case_cannot_name_a_suspended_verband()
    {
        await Http.PostOk("/api/v1/verbanden", organisation: ApiClient.Admin, body: new
        {
            code = "PO2699", name = "SWV Test", jeugdzorgRegio = "Test",
            municipalities = new[] { new { code = "GM1699", name = "Testdorp" } },
            schools = new[] { new { code = "99ZZ00", name = "Testschool", type = "BAO", municipality = "GM1699" } },
        });
        var (again, _, _) = await Http.Post("/api/v1/verbanden", new { code = "PO2699", name = "Dubbel", jeugdzorgRegio = "Test", municipalities = new[] { new { code = "GM1699", name = "Testdorp" } } }, organisation: ApiClient.Admin);
        Assert.Equal(HttpStatusCode.Conflict, again);
        await Http.PostOk("/api/v1/verbanden/PO2699/transitions", new { trigger = "Activate", reason = "start" }, organisation: "PO2699");
        await Http.PostOk("/api/v1/verbanden/PO2699/transitions", new { trigger = "Suspend", reason = "bestuurlijke fusie loopt" }, organisation: "PO2699");

        var (status, body, _) = await Http.Post("/api/v1/cases", new
        {
            parentsInformed = true, student = new { name = "Test Kind", dateOfBirth = "2016-01-01", municipality = "GM1699", school = "99ZZ00" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Suspended", body!.ToJsonString());
    }

    [Fact]
    public async Task Import_reports_bad_rows_with_their_number_keeps_good_rows_and_is_idempotent()
    {
        var csv = """
            soort;verband;code;naam;type;gemeente;cluster;jeugdzorgregio;steunpunt;email;telefoon
            verband;VO2698;;SWV Import Test;;;;Regio Test;;;
            gemeente;VO2698;GM1698;Importstad;;;;;;;
            school;VO2698;98YY00;College Import;VO;GM1698;;;;;
            school;VO2698;98YY01;Cluster 2 school;VSO;GM1698;2;;;;
            school;VO2698;bad;Kapot;VO;GM1698;;;;;
            """;
        async Task<System.Text.Json.Nodes.JsonNode> Import()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/import/verbanden") { Content = new StringContent(csv, Encoding.UTF8, "text/csv") };
            request.Headers.Authorization = new("Bearer", await Http.Token("beheer", ApiClient.Admin));
            var response = await Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        }

        var report = await Import();
        Assert.Equal(["VO2698"], report["verbanden"]!.AsArray().Select(v => (string)v!));
        Assert.Equal([5, 6], report["errors"]!.AsArray().Select(e => (int)e!["row"]!));
        var verband = await Http.GetOk("/api/v1/verbanden/VO2698", "VO2698");
        Assert.Single(verband["schools"]!.AsArray());
        Assert.Equal("Active", (string)verband["state"]!);

        await Import();
        Assert.Equal((long)verband["version"]!, (long)(await Http.GetOk("/api/v1/verbanden/VO2698", "VO2698"))["version"]!);
    }

    [Fact]
    public async Task A_merged_verband_hands_its_open_cases_to_the_verband_it_merged_into()
    {
        foreach (var (code, municipality, school) in new[] { ("PO2697", "GM1697", "97XX00"), ("PO2696", "GM1696", "96XX00") })
        {
            await Http.PostOk("/api/v1/verbanden", organisation: ApiClient.Admin, body: new
            {
                code, name = $"SWV {code}", jeugdzorgRegio = "Test",
                municipalities = new[] { new { code = municipality, name = "Dorp" } },
                schools = new[] { new { code = school, name = "School", type = "BAO", municipality } },
            });
            await Http.PostOk($"/api/v1/verbanden/{code}/transitions", new { trigger = "Activate", reason = "start" }, organisation: code);
        }
        var id = await Http.OpenCase(new { parentsInformed = true, student = new { name = "Test Kind", dateOfBirth = "2016-01-01", municipality = "GM1697", school = "97XX00" } }, organisation: "PO2697");

        var merged = await Http.PostOk("/api/v1/verbanden/PO2697/transitions", new { trigger = "Merge", mergeInto = "PO2696", reason = "fusie per 1 augustus" }, organisation: "PO2697");

        Assert.Equal("Merged", (string)merged["state"]!);
        var absorbing = await Http.GetOk("/api/v1/verbanden/PO2696", "PO2696");
        Assert.Contains(absorbing["schools"]!.AsArray(), s => (string)s!["code"]! == "97XX00");
        Assert.Contains(absorbing["municipalities"]!.AsArray(), m => (string)m!["code"]! == "GM1697");
        // The cases move right after the merge is answered.
        // PO2697 still sees it until it moved; PO2696 sees it from then on.
        for (var i = 0; i < 100 && (await Http.Get($"/api/v1/cases/{id}", "PO2696")).Status != HttpStatusCode.OK; i++) await Task.Delay(100);
        var c = await Http.GetOk($"/api/v1/cases/{id}", "PO2696");
        Assert.Equal(["PO2696"], c["parties"]!.AsArray().Select(p => (string)p!["code"]!));
        Assert.Contains((await Http.GetOk($"/api/v1/cases/{id}/history", "PO2696")).AsArray(), e => (string)e!["what"]! == "PartiesChanged");
        Assert.Contains((await Http.GetOk("/api/v1/verbanden/PO2696/cases", "PO2696"))["cases"]!.AsArray(), x => (string)x!["id"]! == id);
        Assert.DoesNotContain((await Http.GetOk("/api/v1/verbanden/PO2697/cases", "PO2697"))["cases"]!.AsArray(), x => (string)x!["id"]! == id);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.Get($"/api/v1/cases/{id}", "PO2697")).Status);
    }

    [Fact]
    public async Task Lists_page_with_a_total_count_and_refuse_a_bad_page_size()
    {
        var id = await Http.OpenCase(Cases.OneVerband());
        await Http.Fire(id, new { trigger = "StartIntake" });
        await Http.Fire(id, new { trigger = "RequestTlv", schoolType = "SBO" });

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/cases/{id}/history?page=2&pageSize=1");
        request.Headers.Authorization = new("Bearer", await Http.Token("tester", ApiClient.DefaultOrganisation));
        var response = await Http.SendAsync(request);
        var page = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();

        Assert.Equal("3", response.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(["StartIntake"], page.Select(e => (string)e!["what"]!));
        var (status, problem) = await Http.Get($"/api/v1/verbanden/PO2601/inbox?pageSize=0");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("pageSize", problem!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Theory]
    [InlineData("/api/v1/verbanden/PO2601/inbox?open=abc", "open")]
    [InlineData("/api/v1/verbanden/PO2601/inbox?open=1", "open")]
    [InlineData("/api/v1/verbanden/PO2601/inbox?page=x", "page")]
    [InlineData("/api/v1/verbanden/PO2601/cases?page=abc", "page")]
    [InlineData("/api/v1/verbanden?pageSize=ten", "pageSize")]
    [InlineData("/api/v1/cases/{case}/history?pageSize=x", "pageSize")]
    [InlineData("/api/v1/cases/{case}/access-log?page=9999999999", "page")]
    [InlineData("/api/v1/webhooks/0191c0de-0000-7000-8000-000000000000/deliveries?fromSequence=first", "fromSequence")]
    public async Task A_query_or_route_value_of_the_wrong_type_is_a_400_naming_it_not_a_500(string url, string field)
    {
        // Before, the binder's failure reached the exception handler as a 500.
        var id = await Http.OpenCase(Cases.OneVerband());
        var (status, problem) = await Http.Get(url.Replace("{case}", id));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal([field], problem!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task A_verband_sets_its_own_policy_and_new_clocks_follow_it()
    {
        await Http.PostOk("/api/v1/verbanden", organisation: ApiClient.Admin, body: new
        {
            code = "PO2695", name = "SWV Beleid", jeugdzorgRegio = "Test",
            municipalities = new[] { new { code = "GM1695", name = "Beleiddorp" } },
            schools = new[] { new { code = "95XX00", name = "School", type = "BAO", municipality = "GM1695" } },
        });
        await Http.PostOk("/api/v1/verbanden/PO2695/transitions", new { trigger = "Activate", reason = "start" }, organisation: "PO2695");

        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/verbanden/PO2695/policy") { Content = System.Net.Http.Json.JsonContent.Create(new { zorgplichtWeeks = 8, zorgplichtExtensionWeeks = 4, thuiszitterWeeks = 4, responseWorkingDays = 5, expertteamWorkingDays = 10, defaultTlvMonths = 24 }) };
        put.Headers.Authorization = new("Bearer", await Http.Token("coordinator", "PO2695"));
        Assert.Equal(HttpStatusCode.OK, (await Http.SendAsync(put)).StatusCode);

        using var other = new HttpRequestMessage(HttpMethod.Put, "/api/v1/verbanden/PO2695/policy") { Content = System.Net.Http.Json.JsonContent.Create(new { zorgplichtWeeks = 1 }) };
        other.Headers.Authorization = new("Bearer", await Http.Token("coordinator", "PO2601"));
        Assert.Equal(HttpStatusCode.Forbidden, (await Http.SendAsync(other)).StatusCode);

        using var bad = new HttpRequestMessage(HttpMethod.Put, "/api/v1/verbanden/PO2695/policy") { Content = System.Net.Http.Json.JsonContent.Create(new { zorgplichtWeeks = 0 }) };
        bad.Headers.Authorization = new("Bearer", await Http.Token("coordinator", "PO2695"));
        var refused = await Http.SendAsync(bad);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("zorgplichtWeeks", await refused.Content.ReadAsStringAsync());

        var verband = await Http.GetOk("/api/v1/verbanden/PO2695", "PO2695");
        Assert.Equal(8, (int)verband["policy"]!["zorgplichtWeeks"]!);
        Assert.Contains(verband["history"]!.AsArray(), e => (string)e!["what"]! == "PolicyChanged");
        var opened = await Http.PostOk("/api/v1/cases", new
        {
            parentsInformed = true,
            student = new { name = "Kind Beleid", dateOfBirth = "2016-01-01", municipality = "GM1695", school = "95XX00" },
            application = new { school = "95XX00", receivedOn = ApiClient.Today() },
        }, organisation: "PO2695");
        Assert.Equal(ApiClient.Today(56), (string)opened["zorgplicht"]!["deadline"]!);
    }
}
