using Coordination.Contracts;
using Coordination.Domain.Resolution;

namespace Coordination.Grains;

/// <summary>The persisted board of one expertteam: the cases referred to it.</summary>
public sealed class ExpertteamRecord
{
    public int Schema { get; set; } = 1;
    public Dictionary<string, ExpertteamCase> Cases { get; set; } = [];
    public long Sequence { get; set; }
}

public sealed class ExpertteamGrain(
    [PersistentState("expertteam", StorageNames.State)] IPersistentState<ExpertteamRecord> state, LivePublisher live) : Grain, IExpertteamGrain
{
    public async Task UpsertCase(ExpertteamCase referred)
    {
        if (state.State.Cases.TryGetValue(referred.CaseId, out var known) && known.CaseVersion >= referred.CaseVersion) return;
        state.State.Cases[referred.CaseId] = referred;
        state.State.Sequence++;
        await state.WriteOrReloadAsync(DeactivateOnIdle);
        live.Publish(LiveMessage.Of(LiveMessage.ExpertteamGroup(this.GetPrimaryKeyString()), "expertteam",
            state.State.Sequence - 1, state.State.Sequence, new { op = "upsert", change = new { referred } }));
    }

    public Task<ExpertteamBoard> Board(int page, int pageSize)
    {
        var all = state.State.Cases.Values.OrderByDescending(c => c.UpdatedAt).ThenBy(c => c.CaseId).ToList();
        return Task.FromResult(new ExpertteamBoard(this.GetPrimaryKeyString(), page, pageSize, all.Count, all.Skip((page - 1) * pageSize).Take(pageSize).ToList(), state.State.Sequence));
    }
}
