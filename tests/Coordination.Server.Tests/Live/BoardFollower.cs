using System.Text.Json.Nodes;
using Coordination.Server.Tests.Infrastructure;

namespace Coordination.Server.Tests.Live;

/// <summary>
/// What a client of a verband board does with the protocol: apply an update whose "from" is the sequence it holds,
/// and on a gap (or after a reconnect) read the board over HTTP and go on from there.
/// </summary>
public sealed class BoardFollower(string verband)
{
    public long Sequence { get; private set; }
    public Dictionary<string, long> Cards { get; } = [];
    public int Resyncs { get; private set; }

    public async Task SnapshotAsync(HttpClient http)
    {
        var (sequence, cards) = await Read(http, verband);
        Sequence = sequence;
        Cards.Clear();
        foreach (var (id, version) in cards) Cards[id] = version;
        Resyncs++;
    }

    /// <summary>The board as HTTP shows it now: its sequence, and each card's case version.</summary>
    public static async Task<(long Sequence, Dictionary<string, long> Cards)> Read(HttpClient http, string verband)
    {
        var board = await http.GetOk($"/api/v1/verbanden/{verband}/cases?pageSize=200", verband);
        return ((long)board["sequence"]!, board["cases"]!.AsArray().ToDictionary(c => (string)c!["id"]!, c => (long)c!["version"]!));
    }

    public async Task ReceiveAsync(LiveUpdate update, HttpClient http)
    {
        if (update.Version <= Sequence) return; // already known (it raced the snapshot)
        if (update.From != Sequence)
        {
            await SnapshotAsync(http);
            return;
        }
        var payload = JsonNode.Parse(update.Payload.GetRawText())!;
        var change = payload["change"]!;
        switch ((string)payload["op"]!)
        {
            case "upsert": Cards[(string)change["summary"]!["id"]!] = (long)change["summary"]!["version"]!; break;
            case "remove": Cards.Remove((string)change["caseId"]!); break;
        }
        Sequence = update.Version;
    }
}
