using System.Net.Http.Headers;
using System.Text;
using Coordination.Server.Tests.Infrastructure;

namespace Coordination.Server.Tests.Contract;

/// <summary>A generated battery of malformed requests against every endpoint that takes a body: no 5xx, and nothing changes.</summary>
[Collection(ServerCollection.Name)]
public sealed class BadInputBatteryTests(ServerFixture fixture)
{
    private HttpClient Http => fixture.Http;

    private static readonly string[] Hostile =
    [
        "'; drop table case_access_log; --", "${jndi:ldap://127.0.0.1/x}", "<script>alert(1)</script>", "\u0000", "../../etc/passwd",
        "2026-02-30", "0001-01-01", "9999-12-31", "not a date", "-1", "1e309", new string('x', 100_000),
    ];

    private static IEnumerable<string> Bodies(IEnumerable<string> fields)
    {
        yield return "{";
        yield return "[]";
        yield return "null";
        yield return "\"text\"";
        yield return "{}";
        yield return "{\"unknown\": 1}";
        yield return "{\"student\":" + new string('[', 5000) + "}";
        yield return "{\"reason\":\"" + new string('x', 2_000_000) + "\"}";
        foreach (var field in fields)
        {
            foreach (var value in new[] { "12", "true", "[]", "{}", "null", "-99999999999999999999" }) yield return $"{{\"{field}\": {value}}}";
            foreach (var value in Hostile) yield return $"{{\"{field}\": {System.Text.Json.JsonSerializer.Serialize(value)}}}";
        }
    }

    [Fact]
    public async Task Malformed_requests_never_cause_a_server_error_and_change_nothing()
    {
        var id = await Http.OpenCase(Cases.LivesInEemlandSchoolInUtrecht());
        var caseBefore = (await Http.GetOk($"/api/v1/cases/{id}")).ToJsonString();
        var verbandBefore = (await Http.GetOk("/api/v1/verbanden/PO2601")).ToJsonString();
        var verbandenBefore = (await Http.GetOk("/api/v1/verbanden?pageSize=200"))["total"]!.ToString();

        var targets = new (string Path, string Organisation, string[] Fields)[]
        {
            ("/api/v1/cases", "PO2601", ["student", "sector", "application", "outOfSchoolSince", "reason", "parentsInformed", "withholdReason"]),
            ($"/api/v1/cases/{id}/transitions", "PO2601", ["trigger", "reason", "school", "municipality", "date", "schoolType", "category", "startDate", "endDate", "issuedBy", "weeks", "signal", "parentsInformed"]),
            ($"/api/v1/cases/{id}/coordination", "PO2601", ["reason"]),
            ($"/api/v1/cases/{id}/coordination/proposals", "PO2601", ["regie", "payers", "school", "placeBy", "note"]),
            // An objection with only an odd reason is a valid objection, so only its counter-proposal is mangled here.
            ($"/api/v1/cases/{id}/coordination/proposals/1/object", "PO2601", ["counterProposal"]),
            ("/api/v1/verbanden", ApiClient.Admin, ["code", "name", "jeugdzorgRegio", "municipalities", "schools", "policy", "supportPoint"]),
            ("/api/v1/verbanden/PO2601/transitions", "PO2601", ["trigger", "reason", "mergeInto"]),
            ("/api/v1/webhooks", "PO2601", ["callbackUrl", "channels", "verband", "secret"]),
        };
        var failures = new List<string>();
        var sent = 0;
        var refusedAsBadInput = 0;
        foreach (var (path, organisation, fields) in targets)
        {
            var token = await Http.Token("battery", organisation, organisation == ApiClient.Admin ? "admin" : null);
            foreach (var body in Bodies(fields))
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await Http.SendAsync(request);
                sent++;
                if (response.StatusCode == System.Net.HttpStatusCode.BadRequest) refusedAsBadInput++;
                if ((int)response.StatusCode >= 500) failures.Add($"POST {path} {body[..Math.Min(body.Length, 80)]}: {(int)response.StatusCode}");
            }
        }
        foreach (var csv in new[] { "", "garbage", "soort;verband\nverband;PO9", "\uFEFF;;;;;;;;;;\n;;;;;;;;;;", string.Join('\n', Enumerable.Repeat("school;PO2601;XXXXXX;x;BAO;GM0344;;;;;", 1000)) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/import/verbanden") { Content = new StringContent(csv, Encoding.UTF8, "text/csv") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Http.Token("battery", ApiClient.Admin, "admin"));
            using var response = await Http.SendAsync(request);
            sent++;
            if ((int)response.StatusCode >= 500) failures.Add($"POST import {csv[..Math.Min(csv.Length, 40)]}: {(int)response.StatusCode}");
        }

        Assert.True(sent > 500, $"only {sent} requests were sent");
        // The battery reached the validation (not refused earlier for want of a token or a route).
        Assert.True(refusedAsBadInput > sent * 0.8, $"{refusedAsBadInput} of {sent} were answered 400");
        Assert.Empty(failures);
        Assert.Equal(caseBefore, (await Http.GetOk($"/api/v1/cases/{id}")).ToJsonString());
        Assert.Equal(verbandBefore, (await Http.GetOk("/api/v1/verbanden/PO2601")).ToJsonString());
        Assert.Equal(verbandenBefore, (await Http.GetOk("/api/v1/verbanden?pageSize=200"))["total"]!.ToString());
    }
}
