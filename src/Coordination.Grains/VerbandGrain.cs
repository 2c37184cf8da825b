using System.Runtime.ExceptionServices;
using Coordination.Contracts;
using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Domain.Registry;
using Coordination.Domain.Resolution;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Coordination.Grains;

/// <summary>
/// The board of a verband, apart from its registry data: its sequence and inbox. Its cards (summaries of the cases
/// where it is a party) are kept card by card in the <see cref="IBoardStore"/>.
/// </summary>
public sealed class BoardRecord
{
    public int Schema { get; set; } = 2;
    /// <summary>Schema 1 kept every card here; an activation moves them to the card store and empties this.</summary>
    public Dictionary<string, CaseSummary> Cases { get; set; } = [];
    /// <summary>Counts every change of the board (cases and inbox), so a live client can see a gap.</summary>
    public long Sequence { get; set; }
    /// <summary>Coordination requests by case id.</summary>
    public Dictionary<string, InboxEntry> Inbox { get; set; } = [];
}

public sealed class VerbandGrain(
    [PersistentState("verband", StorageNames.State)] IPersistentState<VerbandRecord> state,
    [PersistentState("board", StorageNames.State)] IPersistentState<BoardRecord> board,
    [FromKeyedServices(GrainServices.ClockKey)] TimeProvider time,
    IBoardStore cardStore,
    LivePublisher live,
    ILogger<VerbandGrain> logger) : Grain, IVerbandGrain
{
    /// <summary>The board's cards by case id, loaded on activation; what changed since the last save.</summary>
    private readonly Dictionary<string, CaseSummary> _cards = [];
    private readonly HashSet<string> _changed = [];
    private readonly Dictionary<string, long> _removed = [];

    private VerbandRecord V => state.State;
    private string Code => this.GetPrimaryKeyString();
    private IRegistryGrain Registry => GrainFactory.Grain<IRegistryGrain>(IRegistryGrain.Key);

    public async Task<VerbandResult> Register(VerbandRegistration registration, Actor actor)
    {
        if (V.Exists) return Result(new Outcome.NotPermitted("Register", V.State.ToString(), [], $"verband {Code} is already registered"));
        return await Save(registration, actor, activate: false, "Registered");
    }

    public async Task<VerbandResult> Import(VerbandRegistration registration, Actor actor)
    {
        var isNew = !V.Exists;
        if (!isNew && SameData(registration)) return Result(new Outcome.Accepted(V.Version));
        return await Save(registration, actor, activate: isNew, isNew ? "Imported" : "Updated by import");
    }

    /// <summary>Importing the same file twice changes nothing, not even the history.</summary>
    private bool SameData(VerbandRegistration r) =>
        r.Name == V.Name && r.JeugdzorgRegio == V.JeugdzorgRegio && r.SupportPoint == V.SupportPoint
        && (r.Policy is null || r.Policy == V.Policy)
        && r.Municipalities.SequenceEqual(V.Municipalities) && r.Schools.SequenceEqual(V.Schools);

    private async Task<VerbandResult> Save(VerbandRegistration registration, Actor actor, bool activate, string what)
    {
        if (registration.Code != Code) return Result(Outcome.InvalidField("code", $"must be {Code}, the verband this request is for"));
        if (registration.Validate() is { Count: > 0 } errors) return Result(new Outcome.Invalid(errors));
        if (V.State is VerbandState.Merged or VerbandState.Dissolved)
            return Result(new Outcome.NotPermitted("Update", V.State.ToString(), [], $"verband {Code} is {V.State}"));

        var next = activate ? VerbandState.Active : V.State;
        var policy = registration.Policy ?? (V.Exists ? V.Policy : VerbandPolicy.Default);
        var entry = new VerbandEntry(Code, registration.Name, next, policy, registration.JeugdzorgRegio);
        if (await Registry.Claim(entry, registration.Municipalities, registration.Schools) is { Count: > 0 } conflicts)
            return Result(new Outcome.Invalid(conflicts));

        V.Code = Code;
        V.Name = registration.Name;
        V.Sector = registration.Sector;
        V.JeugdzorgRegio = registration.JeugdzorgRegio;
        V.SupportPoint = registration.SupportPoint;
        V.Municipalities = [.. registration.Municipalities];
        V.Schools = [.. registration.Schools];
        V.Policy = policy;
        V.State = next;
        V.Record(actor, time.GetUtcNow(), what, null);
        await state.WriteOrReloadAsync(DeactivateOnIdle);
        return Result(new Outcome.Accepted(V.Version));
    }

    public async Task<VerbandResult> SetPolicy(VerbandPolicy policy, Actor actor, long? expectedVersion)
    {
        if (!V.Exists) return new VerbandResult(Outcome.InvalidField("code", "unknown verband"), null);
        if (expectedVersion is { } expected && expected != V.Version) return Result(new Outcome.Stale(V.Version));
        if (policy.Validate(prefix: "") is var errors && errors.Any()) return Result(new Outcome.Invalid(errors.ToList()));
        if (V.State is VerbandState.Merged or VerbandState.Dissolved)
            return Result(new Outcome.NotPermitted("SetPolicy", V.State.ToString(), [], $"verband {Code} is {V.State}"));
        if (policy == V.Policy) return Result(new Outcome.Accepted(V.Version));
        // The directory hands the policy to cases (the terms of clocks they start), so it learns it first.
        var entry = new VerbandEntry(Code, V.Name, V.State, policy, V.JeugdzorgRegio);
        if (await Registry.Claim(entry, V.Municipalities, V.Schools) is { Count: > 0 } conflicts) return Result(new Outcome.Invalid(conflicts));
        var before = V.Policy;
        V.Policy = policy;
        V.Record(actor, time.GetUtcNow(), "PolicyChanged", $"zorgplicht {before.ZorgplichtWeeks}→{policy.ZorgplichtWeeks} wk, " +
            $"response {before.ResponseWorkingDays}→{policy.ResponseWorkingDays} d, expertteam {before.ExpertteamWorkingDays}→{policy.ExpertteamWorkingDays} d");
        await state.WriteOrReloadAsync(DeactivateOnIdle);
        return Result(new Outcome.Accepted(V.Version));
    }

    public async Task<VerbandResult> Fire(string? trigger, string? reason, string? mergeInto, Actor actor, long? expectedVersion)
    {
        if (!V.Exists) return new VerbandResult(Outcome.InvalidField("code", "unknown verband"), null);
        if (expectedVersion is { } expected && expected != V.Version) return Result(new Outcome.Stale(V.Version));
        if (trigger == nameof(VerbandTrigger.Merge) && Codes.IsVerbandCode(mergeInto) && mergeInto != Code
            && await GrainFactory.Grain<IVerbandGrain>(mergeInto!).Get() is not { State: VerbandState.Active })
            return Result(Outcome.InvalidField("mergeInto", $"verband {mergeInto} is not an active verband"));

        var outcome = new VerbandLifecycle(V).Fire(trigger, reason, mergeInto, actor, time.GetUtcNow());
        if (outcome is not Outcome.Accepted) return Result(outcome);
        await state.WriteOrReloadAsync(DeactivateOnIdle);
        await Registry.SetState(Code, V.State);
        if (V.State == VerbandState.Merged)
        {
            // Its region and schools become the other verband's, and so its cases follow. The cases move after
            // this call returns, not inside it: each updates this verband's board, which would wait on us.
            await GrainFactory.Grain<IVerbandGrain>(V.MergedInto!).Absorb(Code, V.Municipalities, V.Schools, actor);
            _ = HandOverCases(actor);
        }
        return Result(outcome);
    }

    /// <summary>A merged verband's open cases move with it: each recomputes its parties against the new directory.</summary>
    private async Task HandOverCases(Actor actor)
    {
        foreach (var id in _cards.Keys.ToList())
        {
            try { await GrainFactory.Grain<ICaseGrain>(id).RefreshParties(actor); }
            catch (Exception e) { logger.LogError(e, "Case {CaseId} did not move with merged verband {Code}", id, Code); }
        }
    }

    public Task<VerbandView?> Get() => Task.FromResult(V.Exists ? View() : null);

    public async Task<Outcome> Absorb(string mergedVerband, IReadOnlyList<Municipality> municipalities, IReadOnlyList<School> schools, Actor actor)
    {
        if (V.State != VerbandState.Active) return new Outcome.NotPermitted("Absorb", V.State.ToString(), [], $"verband {Code} is {V.State}");
        List<Municipality> allMunicipalities = [.. V.Municipalities, .. municipalities.Where(m => V.Municipalities.All(o => o.Code != m.Code))];
        List<School> allSchools = [.. V.Schools, .. schools.Where(s => V.Schools.All(o => o.Code != s.Code))];
        var entry = new VerbandEntry(Code, V.Name, V.State, V.Policy, V.JeugdzorgRegio);
        if (await Registry.Claim(entry, allMunicipalities, allSchools) is { Count: > 0 } conflicts) return new Outcome.Invalid(conflicts);
        V.Municipalities = allMunicipalities;
        V.Schools = allSchools;
        V.Record(actor, time.GetUtcNow(), $"Absorbed {mergedVerband}", $"{mergedVerband} merged into {Code}");
        await state.WriteOrReloadAsync(DeactivateOnIdle);
        return new Outcome.Accepted(V.Version);
    }

    public Task UpsertCase(CaseSummary summary)
    {
        if (_cards.TryGetValue(summary.Id, out var known) && known.Version >= summary.Version) return Task.CompletedTask;
        _cards[summary.Id] = summary;
        _changed.Add(summary.Id);
        _removed.Remove(summary.Id);
        Announce("upsert", new { summary });
        return Task.CompletedTask;
    }

    public async Task UpsertRequest(InboxEntry entry)
    {
        if (board.State.Inbox.TryGetValue(entry.CaseId, out var known) && known.CaseVersion >= entry.CaseVersion) return;
        board.State.Inbox[entry.CaseId] = entry;
        Announce("request", new { request = entry });
        // A request runs against a legal deadline: saved before the case hears it arrived, not a second later. While
        // schema 1's cards still wait for their own save, the whole flush goes, so the record never drops them first.
        await (_schemaOneCardsUnsaved ? FlushBoard() : SaveRecord());
    }

    public Task<IReadOnlyList<InboxEntry>?> Inbox(bool openOnly)
    {
        if (!V.Exists) return Task.FromResult<IReadOnlyList<InboxEntry>?>(null);
        var entries = board.State.Inbox.Values
            .Where(e => !openOnly || e.Request != RequestState.Closed)
            .OrderBy(e => e.Request == RequestState.Closed).ThenBy(e => e.RespondBy).ThenBy(e => e.CaseId)
            .ToList();
        return Task.FromResult<IReadOnlyList<InboxEntry>?>(entries);
    }

    public async Task RemoveCase(string caseId, long version)
    {
        // Its coordination request goes with the card: a verband that is no party cannot open the case any more.
        if (board.State.Inbox.TryGetValue(caseId, out var request) && request.CaseVersion <= version)
        {
            board.State.Inbox.Remove(caseId);
            Announce("request-removed", new { caseId });
            await SaveRecord();
        }
        if (!_cards.TryGetValue(caseId, out var known) || known.Version > version) return;
        _cards.Remove(caseId);
        _changed.Remove(caseId);
        Announce("remove", new { caseId });
        // Saved before the case hears it was taken (rare, unlike card changes): the case lets go of the verbanden it
        // left once they took the removal, and a card that came back from the store would show a child to a verband
        // that no longer has a part in the case. If the save fails, the case keeps asking, and so does the timer.
        try { await cardStore.Save(Code, [], [new BoardRemoval(caseId, version)]); }
        catch
        {
            _removed[caseId] = version;
            throw;
        }
    }

    /// <summary>Saves the board's own record (sequence and inbox) now; if that fails, again on the next tick.</summary>
    private async Task SaveRecord()
    {
        _boardDirty = false;
        try { await board.WriteStateAsync(); }
        catch
        {
            _boardDirty = true;
            throw;
        }
    }

    /// <summary>
    /// Tells the board's live subscribers of a change, numbered so a gap shows. The cards that changed and the number
    /// are saved at most once a second (FlushBoard): a board takes every change of its verband's cases, and saving
    /// each before the case goes on cost 10-15 % of W1's throughput (docs/benchmarks.md).
    /// </summary>
    private void Announce(string op, object change)
    {
        board.State.Sequence++;
        _boardDirty = true;
        live.Publish(LiveMessage.Of(LiveMessage.VerbandGroup(Code), "board", board.State.Sequence - 1, board.State.Sequence, new { op, change }));
    }

    private bool _boardDirty;

    /// <summary>
    /// A board read back after a crash may miss its last second of changes: the hand-over sweep (which a host runs when
    /// it starts, and every few minutes) has those cases send their cards again. Its sequence may be behind the numbers
    /// its subscribers saw: it jumps ahead, and a client that held a later number sees a gap and reloads.
    /// </summary>
    public const long SequenceJumpOnActivation = 1_000_000;

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        foreach (var card in await cardStore.Load(Code)) _cards[card.Id] = card;
        MoveSchemaOneCards();
        board.State.Sequence += SequenceJumpOnActivation;
        this.RegisterGrainTimer(FlushBoard, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private void MoveSchemaOneCards()
    {
        if (board.State.Cases.Count == 0) return;
        foreach (var card in board.State.Cases.Values)
        {
            if (_cards.TryGetValue(card.Id, out var known) && known.Version >= card.Version) continue;
            _cards[card.Id] = card;
            _changed.Add(card.Id);
        }
        board.State.Cases = [];
        board.State.Schema = 2;
        _boardDirty = true;
        // Cards the card store already had (a crash after their save, before the record's) need no wait.
        _schemaOneCardsUnsaved = _changed.Count > 0;
    }

    private bool _schemaOneCardsUnsaved;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken ct) => await FlushBoard();

    /// <summary>
    /// Once a second: saves the cards that changed, then the board's own record if its sequence moved. A card save that
    /// fails does not hold the record back, except while the record still has to let go of schema 1's cards: written
    /// before those cards are saved, it would lose them.
    /// </summary>
    private async Task FlushBoard()
    {
        ExceptionDispatchInfo? cardsFailed = null;
        if (_changed.Count > 0 || _removed.Count > 0)
        {
            var changed = _changed.Select(id => _cards[id]).ToList();
            var removed = _removed.Select(r => new BoardRemoval(r.Key, r.Value)).ToList();
            _changed.Clear();
            _removed.Clear();
            try
            {
                await cardStore.Save(Code, changed, removed);
                _schemaOneCardsUnsaved = false;
            }
            catch (Exception e)
            {
                // Again on the next tick, unless the card changed since.
                foreach (var card in changed) if (_cards.TryGetValue(card.Id, out var now) && now.Version == card.Version) _changed.Add(card.Id);
                foreach (var r in removed) if (!_cards.ContainsKey(r.CaseId)) _removed.TryAdd(r.CaseId, r.Version);
                cardsFailed = ExceptionDispatchInfo.Capture(e);
            }
        }
        if (_boardDirty && !_schemaOneCardsUnsaved) await SaveRecord();
        cardsFailed?.Throw();
    }

    public Task<BoardPage?> Board(CaseState? filter, int page, int pageSize)
    {
        if (!V.Exists) return Task.FromResult<BoardPage?>(null);
        var all = _cards.Values;
        var counts = all.GroupBy(c => c.State).ToDictionary(g => g.Key, g => g.Count());
        var selected = all.Where(c => filter is null || c.State == filter).OrderByDescending(c => c.UpdatedAt).ThenBy(c => c.Id).ToList();
        var items = selected.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        return Task.FromResult<BoardPage?>(new BoardPage(Code, page, pageSize, selected.Count, counts, items, board.State.Sequence));
    }

    private VerbandResult Result(Outcome outcome) => new(outcome, V.Exists ? View() : null);

    private VerbandView View() => new(V.Code, V.Name, V.Sector, V.State, V.MergedInto, V.JeugdzorgRegio, V.SupportPoint,
        V.Municipalities, V.Schools, V.Policy, V.Version, new VerbandLifecycle(V).PermittedTriggers, V.History,
        _cards.Values.Count(c => c.State != CaseState.Afgesloten));
}
