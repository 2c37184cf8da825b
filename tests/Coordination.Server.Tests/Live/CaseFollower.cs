using System.Text.Json.Nodes;
using Coordination.Server.Tests.Infrastructure;

namespace Coordination.Server.Tests.Live;

/// <summary>
/// What a client of the case room does with the protocol: apply an update whose "from" is the version it holds,
/// and on a gap (or after a reconnect) read the snapshot over HTTP and go on from there. Nothing is silently missed.
/// </summary>
public sealed class CaseFollower(HttpClient http, string caseId)
{
    public long Version { get; private set; }
    public string State { get; private set; } = "";
    public int Applied { get; private set; }
    public int Resyncs { get; private set; }
    public List<string> Events { get; } = [];

    public async Task SnapshotAsync()
    {
        var snapshot = await http.GetOk($"/api/v1/cases/{caseId}");
        Version = (long)snapshot["version"]!;
        State = (string)snapshot["state"]!;
        Events.Clear();
        Events.AddRange((await http.GetOk($"/api/v1/cases/{caseId}/history")).AsArray().Select(e => (string)e!["what"]!));
        Resyncs++;
    }

    public async Task ReceiveAsync(LiveUpdate update)
    {
        if (update.Version <= Version) return; // already known (e.g. it raced the snapshot)
        if (update.From != Version)
        {
            await SnapshotAsync();
            return;
        }
        var payload = JsonNode.Parse(update.Payload.GetRawText())!;
        State = (string)payload["case"]!["state"]!;
        Events.AddRange(payload["events"]!.AsArray().Select(e => (string)e!["what"]!));
        Version = update.Version;
        Applied++;
    }
}
