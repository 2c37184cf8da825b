using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Coordination.Server.Tests.Infrastructure;

namespace Coordination.Server.Tests.Contract;

/// <summary>Webhooks delivered to a real HTTP listener, which goes down for a while and catches up, then replays.</summary>
[Collection(ServerCollection.Name)]
public sealed class WebhookTests(ServerFixture fixture)
{
    private const string Secret = "webhook-secret-for-the-tests";
    private HttpClient Http => fixture.Http;

    /// <summary>An integrator's endpoint: records each message it receives, with its signature checked.</summary>
    private sealed class Listener : IDisposable
    {
        private readonly HttpListener _listener = new();
        public ConcurrentQueue<(long Sequence, JsonNode Body, bool SignatureValid)> Received { get; } = new();
        public string Url { get; }

        public Listener(int port)
        {
            Url = $"http://127.0.0.1:{port}/hook/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(Loop);
        }

        private async Task Loop()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); } catch { return; }
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body)));
                Received.Enqueue((long.Parse(context.Request.Headers["X-Coordination-Sequence"]!), JsonNode.Parse(body)!,
                    context.Request.Headers["X-Coordination-Signature"] == expected));
                context.Response.StatusCode = 204;
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
        }
    }

    private static async Task<List<(long Sequence, JsonNode Body, bool SignatureValid)>> Until(Listener listener, Func<List<(long Sequence, JsonNode Body, bool SignatureValid)>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline && !done(listener.Received.ToList())) await Task.Delay(100);
        return listener.Received.ToList();
    }

    [Fact]
    public async Task Messages_are_signed_numbered_retried_while_the_listener_is_down_and_replayed_on_request()
    {
        var port = FreePorts.Next();
        var listener = new Listener(port);
        var created = await Http.PostOk("/api/v1/webhooks", new { callbackUrl = listener.Url, channels = new[] { "cases" }, verband = "PO2601", secret = Secret });
        var subscription = (string)created["subscription"]!["id"]!;

        var id = await Http.OpenCase(Cases.OneVerband());
        await Http.Fire(id, new { trigger = "StartIntake" });
        await Http.OpenCase(new { parentsInformed = true, student = new { name = "Elders", dateOfBirth = "2011-01-01", municipality = "GM0344", school = "02AA00" } }, "VO2601");

        var first = await Until(listener, r => r.Count >= 2);
        Assert.Equal([1L, 2L], first.Select(m => m.Sequence));
        Assert.All(first, m => Assert.True(m.SignatureValid));
        Assert.Equal(["Application", "StartIntake"], first.Select(m => (string)m.Body["actie"]!));
        Assert.All(first, m => Assert.EndsWith($"/api/v1/cases/{id}", (string)m.Body["resourceUrl"]!));
        Assert.All(first, m => Assert.Equal("cases", (string)m.Body["kanaal"]!));

        // The integrator goes down; two more changes happen.
        listener.Dispose();
        await Http.Fire(id, new { trigger = "RequestTlv", schoolType = "SBO" });
        await Http.Fire(id, new { trigger = "RecordExpertAdvice", expert = "Drs. P", discipline = "psycholoog" });
        var failing = (await Http.GetOk($"/api/v1/webhooks/{subscription}/deliveries?fromSequence=3")).AsArray();
        for (var i = 0; i < 50 && !failing.Any(d => (int)d!["attempts"]! > 0); i++)
        {
            await Task.Delay(100);
            failing = (await Http.GetOk($"/api/v1/webhooks/{subscription}/deliveries?fromSequence=3")).AsArray();
        }
        Assert.Contains(failing, d => (int)d!["attempts"]! > 0 && d["deliveredAt"] is null);

        // It comes back on the same address and catches up, in order, without asking.
        var back = new Listener(port);
        var caughtUp = await Until(back, r => r.Count >= 2);
        Assert.Equal([3L, 4L], caughtUp.Select(m => m.Sequence));
        Assert.Equal(["RequestTlv", "RecordExpertAdvice"], caughtUp.Select(m => (string)m.Body["actie"]!));

        // It lost its data and asks for everything from sequence 2 again.
        var replay = await Http.PostOk($"/api/v1/webhooks/{subscription}/replay", new { fromSequence = 2 });
        Assert.Equal(3, (int)replay["replaying"]!);
        var all = await Until(back, r => r.Count >= 5);
        Assert.Equal([3L, 4L, 2L, 3L, 4L], all.Select(m => m.Sequence));
        Assert.DoesNotContain(all, m => ((string)m.Body["kenmerken"]!["verbanden"]!).Contains("VO2601"));
        back.Dispose();
    }

    [Fact]
    public async Task Events_held_back_by_a_failed_outbox_write_and_a_crash_go_out_after_a_restart_however_long_the_outage()
    {
        await using var db = await TestDatabase.CreateAsync();
        // Without a recorded sweep a host looks back this far at start; the outage below lasts longer.
        var lookBack = new Dictionary<string, string> { ["Coordination__Webhooks__HandOverLookBackOnStart"] = "00:00:01" };
        var server = await ServerProcess.StartAsync(new(db.ConnectionString, Environment: lookBack));
        await server.Http.ImportDemoRegistry();
        using var listener = new Listener(FreePorts.Next());
        await server.Http.PostOk("/api/v1/webhooks", new { callbackUrl = listener.Url, channels = new[] { "cases" }, verband = "PO2601", secret = Secret });

        // The outbox refuses writes: the case is saved and answered, its event is not handed over.
        await db.RefuseWrites("webhook_outbox", "INSERT");
        // No application, so no clock: nothing but the sweep would wake this case after a restart.
        var id = await server.Http.OpenCase(new { parentsInformed = true, student = new { name = "Noor Dekker", dateOfBirth = "2016-06-01", municipality = "GM0344", school = "01AA00" } });
        await Task.Delay(1500);
        Assert.Empty(listener.Received);

        // The outbox comes back, but the host dies before anything changes the case again.
        await db.AcceptWrites("webhook_outbox");
        await server.KillAsync();
        await Task.Delay(2000);
        await using var restarted = await ServerProcess.StartAsync(new(db.ConnectionString, Environment: lookBack));

        var received = await Until(listener, r => r.Count >= 1);
        Assert.Equal(["Signal"], received.Select(m => (string)m.Body["actie"]!));
        Assert.EndsWith($"/api/v1/cases/{id}", (string)received[0].Body["resourceUrl"]!);
        await server.DisposeAsync();
    }

    [Fact]
    public async Task A_verband_that_stops_being_a_party_hears_of_the_change_that_took_it_off_the_case_and_nothing_after()
    {
        using var listener = new Listener(FreePorts.Next());
        var created = await Http.PostOk("/api/v1/webhooks", new { callbackUrl = listener.Url, channels = new[] { "cases", "coordination" }, verband = "PO2602", secret = Secret },
            organisation: "PO2602");
        var subscription = (string)created["subscription"]!["id"]!;
        var id = await Http.OpenCase(Cases.LivesInEemlandSchoolInUtrecht());
        await Http.PostOk($"/api/v1/cases/{id}/coordination/proposals/1/accept", new { }, organisation: "PO2601");
        await Http.PostOk($"/api/v1/cases/{id}/coordination/proposals/1/accept", new { }, organisation: "PO2602");
        await Until(listener, r => r.Any(m => (string)m.Body["actie"]! == "CoordinationAgreed"));

        // The child moves to GM0355: PO2602 is no party any more, its agreement lapses, and PO2601 and PO2603 (the new
        // residence) open a resolution of their own in the same change.
        var moved = await Http.Fire(id, new { trigger = "Move", municipality = "GM0355", reason = "verhuisd" }, organisation: "PO2601");
        Assert.Contains(moved["parties"]!.AsArray(), p => (string)p!["code"]! == "PO2603");
        await Http.Fire(id, new { trigger = "RecordSignal", signal = "Zorg", parentsInformed = true }, organisation: "PO2601");

        // A change is in the outbox before it is answered: all PO2602 will ever get of these is there now.
        var total = (await Http.GetOk($"/api/v1/webhooks/{subscription}/deliveries?fromSequence=1", organisation: "PO2602")).AsArray().Count;
        await Until(listener, r => r.Count >= total);
        var after = listener.Received.Select(m => (string)m.Body["actie"]!).SkipWhile(a => a != "CoordinationAgreed").Skip(1).ToList();
        // Before, its last message was the agreement: its system went on believing the agreement held. Nor does it
        // hear of the resolution the others opened, nor keep the case in its inbox.
        Assert.Equal(["Move", "CoordinationAgreementLapsed"], after);
        Assert.DoesNotContain((await Http.GetOk("/api/v1/verbanden/PO2602/inbox", organisation: "PO2602")).AsArray(), e => (string)e!["caseId"]! == id);
        Assert.Contains((await Http.GetOk("/api/v1/verbanden/PO2603/inbox", organisation: "PO2603")).AsArray(), e => (string)e!["caseId"]! == id);
    }

    [Fact]
    public async Task A_municipality_and_a_school_follow_the_cases_they_are_party_to()
    {
        // Before, only a verband could subscribe, and a municipality was told to name a verband, then that it could not.
        using var leerplicht = new Listener(FreePorts.Next());
        using var school = new Listener(FreePorts.Next());
        var municipality = await Http.PostOk("/api/v1/webhooks", new { callbackUrl = leerplicht.Url, channels = new[] { "cases" }, secret = Secret }, organisation: "GM0307");
        var followsLeerplicht = (string)municipality["subscription"]!["id"]!;
        Assert.Equal("GM0307", (string)municipality["subscription"]!["verband"]!);
        await Http.PostOk("/api/v1/webhooks", new { callbackUrl = school.Url, channels = new[] { "cases" }, secret = Secret }, organisation: "01AA00");

        // The municipality raises a case (and so is party to it); a verband opens one in another municipality.
        var (_, raised, _) = await Http.Post("/api/v1/cases", Cases.LivesInEemlandSchoolInUtrecht(), organisation: "GM0307");
        var other = await Http.OpenCase(Cases.OneVerband());
        var id = (string)raised!["id"]!;
        await Http.Fire(id, new { trigger = "RecordOutOfSchool", date = ApiClient.Today(-2) }, organisation: "GM0307");

        // The family moves to GM0344: GM0307 hears of the move that took it off the case, of nothing after it.
        await Http.Fire(id, new { trigger = "Move", municipality = "GM0344", reason = "verhuisd" }, organisation: "GM0307");
        await Http.Fire(id, new { trigger = "StartIntake" }, organisation: "PO2601");
        Assert.Equal(3, (await Http.GetOk($"/api/v1/webhooks/{followsLeerplicht}/deliveries?fromSequence=1", organisation: "GM0307")).AsArray().Count);
        var heard = await Until(leerplicht, r => r.Count >= 3);
        Assert.Equal(["Application", "RecordOutOfSchool", "Move"], heard.Select(m => (string)m.Body["actie"]!));
        Assert.All(heard, m => Assert.EndsWith(id, (string)m.Body["hoofdObject"]!));
        // The school hears of both its pupils, the one the municipality raised and the other.
        var atSchool = await Until(school, r => r.Count >= 5);
        Assert.Equal([id, other, id, id, id], atSchool.Select(m => ((string)m.Body["hoofdObject"]!).Split('/')[^1]));

        var (status, problem, _) = await Http.Post("/api/v1/webhooks", new { callbackUrl = leerplicht.Url, channels = new[] { "cases" }, verband = "GM0344" }, organisation: "GM0307");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("your own organisation (GM0307)", (string)problem!["errors"]!["verband"]![0]!);
        var (expertteam, _, _) = await Http.Post("/api/v1/webhooks", new { callbackUrl = leerplicht.Url, channels = new[] { "cases" } }, organisation: "expertteam:Utrecht");
        Assert.Equal(HttpStatusCode.BadRequest, expertteam);
    }

    [Fact]
    public async Task A_subscription_follows_only_the_callers_own_verband_and_bad_input_names_the_field()
    {
        var (status, body, _) = await Http.Post("/api/v1/webhooks", new { callbackUrl = "ftp://x", channels = new[] { "everything" }, verband = "PO2602", secret = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["callbackUrl", "channels", "secret", "verband"], body!["errors"]!.AsObject().Select(e => e.Key).Order());

        var created = await Http.PostOk("/api/v1/webhooks", new { callbackUrl = "http://127.0.0.1:9/hook", channels = new[] { "deadlines" }, verband = "PO2601" });
        var id = (string)created["subscription"]!["id"]!;
        Assert.True(((string)created["secret"]!).Length >= 32);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.Get($"/api/v1/webhooks/{id}", "PO2602")).Status);
        Assert.DoesNotContain("secret", (await Http.GetOk($"/api/v1/webhooks/{id}")).ToJsonString());
    }
}
