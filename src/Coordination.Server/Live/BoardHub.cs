using Coordination.Contracts;
using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Server.Api;
using Coordination.Server.Security;
using Microsoft.AspNetCore.SignalR;

namespace Coordination.Server.Live;

/// <summary>
/// /hubs/board: a client watches a verband board, an expertteam board or a case room, and receives versioned
/// updates ("board", "expertteam", "case", "presence"). Subscribe first, then read the snapshot over HTTP, then
/// apply updates whose "from" is the version held; on a gap, read the snapshot again.
/// </summary>
public sealed class BoardHub(IGrainFactory grains, AccessLog accessLog, LiveHostService host) : Hub
{
    private const string JoinedCases = "joined-cases";

    public async Task WatchVerband(string code)
    {
        if (!Access.MayWatchVerband(Actor, Context.User!.Role(), code)) throw new HubException($"{Actor.Organisation} may not watch the board of {code}");
        await Watch(LiveMessage.VerbandGroup(code));
    }

    public async Task WatchExpertteam(string region)
    {
        if (!Access.MayWatchExpertteam(Actor, Context.User!.Role(), region)) throw new HubException($"{Actor.Organisation} may not watch the expertteam board of {region}");
        await Watch(LiveMessage.ExpertteamGroup(region));
    }

    /// <summary>Opens a case room: live updates of the case, and this person shown as present.</summary>
    public async Task<IReadOnlyList<Viewer>> JoinCase(string caseId)
    {
        var view = CaseEndpoints.IsCaseId(caseId) ? await grains.Grain<ICaseGrain>(caseId).Get() : null;
        // A case the caller may not see is answered as if it did not exist.
        if (view is null || !Access.MaySeeCase(Actor, view)) throw new HubException($"no case {caseId}");
        await accessLog.Record(Context.User!, caseId, "case room");
        await Watch(LiveMessage.CaseGroup(caseId));
        Joined.Add(caseId);
        // After joining the group, so an update the case publishes from now on reaches this connection.
        await grains.Grain<ICaseGrain>(caseId).Watch();
        var presence = grains.Grain<ICasePresenceGrain>(caseId);
        var viewers = await presence.Join(Context.ConnectionId, host.HostId, Actor.Name, Actor.Organisation);
        // Gone meanwhile: OnDisconnectedAsync may have run before this viewer was added.
        if (Context.ConnectionAborted.IsCancellationRequested) await presence.Leave(Context.ConnectionId);
        return viewers;
    }

    public async Task LeaveCase(string caseId)
    {
        if (!Joined.Remove(caseId)) return;
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, LiveMessage.CaseGroup(caseId));
        await grains.Grain<ICasePresenceGrain>(caseId).Leave(Context.ConnectionId);
    }

    /// <summary>Returns what it is sent: a client measures the bare SignalR round trip with it (the W2 baseline).</summary>
    public long Echo(long value) => value;

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        // SignalR takes a closed connection out of its groups by itself (LocalGroups too).
        foreach (var caseId in Joined.ToList()) await grains.Grain<ICasePresenceGrain>(caseId).Leave(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    // SignalR may report a connection gone while one of its calls still runs; LocalGroups then adds it to no group.
    private Task Watch(string group) => Groups.AddToGroupAsync(Context.ConnectionId, group);

    private Actor Actor => Context.User!.ToActor();

    private HashSet<string> Joined => Set(JoinedCases);

    private HashSet<string> Set(string key) =>
        (HashSet<string>)(Context.Items.TryGetValue(key, out var set) ? set! : Context.Items[key] = new HashSet<string>());
}
