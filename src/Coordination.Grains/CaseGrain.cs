using Coordination.Contracts;
using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Domain.Registry;
using Coordination.Domain.Resolution;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coordination.Grains;

/// <summary>
/// One case: a thin shell over <see cref="CaseWorkflow"/> that persists the record, keeps the clocks' reminder
/// due at the next deadline, and tells the party verbanden' boards what changed.
/// </summary>
// A case activates on the silo whose host took the request that woke it: no extra hop for the caller, and the
// live fan-out starts from there.
[Orleans.Placement.PreferLocalPlacement]
public sealed class CaseGrain(
    [PersistentState("case", StorageNames.State)] IPersistentState<CaseRecord> state,
    [FromKeyedServices(GrainServices.ClockKey)] TimeProvider time,
    IOptions<CaseClockOptions> clockOptions,
    IOptions<CaseRoomOptions> roomOptions,
    ICaseEventSink eventSink,
    ICaseEventLog eventLog,
    ILogger<CaseGrain> logger) : Grain, ICaseGrain, IRemindable
{
    private const string ClockReminder = "clocks";
    private CaseRecord C => state.State;
    private IRegistryGrain Registry => GrainFactory.Grain<IRegistryGrain>(IRegistryGrain.Key);

    public async Task<CaseResult> Open(NewCase request, Actor actor)
    {
        if (Repeated() is { } repeat) return Result(repeat);
        if (C.Exists) return Result(new Outcome.NotPermitted("Open", C.State.ToString(), [], "the case exists already"));
        var registry = await Registry.Resolve(Lookups.ForNewCase(request));
        // Open changes the record only when it accepts.
        var outcome = CaseWorkflow.Open(C, this.GetPrimaryKeyString(), request, registry, actor, time.GetUtcNow());
        if (outcome is Outcome.Accepted)
        {
            ResolutionWorkflow.OpenOrSync(C, registry, time.GetUtcNow());
            new CaseWorkflow(C).AdvanceClocks(time.GetUtcNow());
            await Commit([]);
        }
        return Result(outcome);
    }

    public async Task<CaseResult> Apply(CaseCommand command, Actor actor, long? expectedVersion)
    {
        // A case the caller may not know of does not exist for it; one it may read but is no party to, it cannot change.
        if (!C.Exists || !CaseAccess.MaySee(actor.Organisation, C)) return new CaseResult(Outcome.InvalidField("id", "unknown case"), null);
        if (!CaseAccess.IsParty(actor.Organisation, C))
            return Result(new Outcome.Forbidden($"{actor.Organisation} may read this case but is not a party to it"));
        if (Repeated() is { } repeat) return Result(repeat);
        if (expectedVersion is { } expected && expected != C.Version) return Result(new Outcome.Stale(C.Version));
        var before = CaseAccess.PartiesOf(C).ToList();
        var registry = await Registry.Resolve(Lookups.ForCommand(C, command));
        var workflow = new CaseWorkflow(C);
        var outcome = workflow.Apply(command, registry, actor, time.GetUtcNow());
        if (outcome is Outcome.Accepted)
        {
            ResolutionWorkflow.OpenOrSync(C, registry, time.GetUtcNow());
            await AdvanceClocks(workflow, registry);
            // The view built for the case room is also the answer: the case's machine is built once per change.
            return new CaseResult(outcome, await Commit(before, workflow) ?? View(workflow));
        }
        return Result(outcome);
    }

    /// <summary>A retry of a change this case already saved: accepted again, nothing changes.</summary>
    private Outcome? Repeated() =>
        IdempotencyContext.Current is { } key && C.VersionOf(key) is { } version ? new Outcome.Accepted(version) : null;

    public Task<CaseView?> Get() => Task.FromResult(C.Exists ? View() : null);

    // The case room's lease, on the machine's monotonic clock: it is about live connections, not about legal time
    // (tests move the case clock by weeks). Until a host renews it, an activation publishes for one lease anyway.
    private long _roomWatchedUntil = LeaseEnd(roomOptions);
    // This activation left an update unpublished (unwatched, or the publication failed) since the room was last
    // watched. One that died with its silo cannot say so; a new activation publishes every change for a lease.
    private bool _roomMissed;

    public Task Watch()
    {
        // The options from the container, not kept in a field: a field more on every idle case counts against W3.
        _roomWatchedUntil = Math.Max(_roomWatchedUntil, LeaseEnd(ServiceProvider.GetRequiredService<IOptions<CaseRoomOptions>>()));
        if (!_roomMissed || !C.Exists) return Task.CompletedTask;
        // The lease lapsed while someone may still have held the room open (renewals failed while a silo went):
        // an update from and to the current version shows anyone holding an older one the gap, and they read again.
        _roomMissed = false;
        Publish(C.Version, View(), []);
        return Task.CompletedTask;
    }

    private bool RoomWatched => Environment.TickCount64 < _roomWatchedUntil;

    private static long LeaseEnd(IOptions<CaseRoomOptions> options) => Environment.TickCount64 + (long)options.Value.Lease.TotalMilliseconds;

    public async Task<bool> HandOverPending()
    {
        if (!C.Exists) return true;
        if (C.HandedOverVersion < C.Version) await HandOverEvents([]);
        await PublishSummaries();
        return C.HandedOverVersion == C.Version && C.LeftVerbanden is null;
    }

    public async Task<IReadOnlyList<CaseEvent>> History() => C.Exists ? await EventsAfter(0) : [];

    public Task<JointResolution?> GetResolution() => Task.FromResult(C.Exists ? C.Resolution : null);

    public Task<CoordinationResult> OpenCoordination(OpenInput input, Actor actor, long? expectedCase) =>
        Coordinate(registry => ResolutionWorkflow.OpenByHand(C, actor, input, registry, time.GetUtcNow()), new CaseCommand(), expectedCase);

    public Task<CoordinationResult> Propose(ProposalInput input, Actor actor, long? expectedCase) =>
        Coordinate(registry => ResolutionWorkflow.Propose(C, actor, input, registry, time.GetUtcNow()), new CaseCommand { School = input.School }, expectedCase);

    public Task<CoordinationResult> Acknowledge(Actor actor, long? expectedCase) =>
        Coordinate(_ => ResolutionWorkflow.Acknowledge(C, actor, time.GetUtcNow()), null, expectedCase);

    public Task<CoordinationResult> Accept(int version, Actor actor, long? expectedCase) =>
        Coordinate(_ => ResolutionWorkflow.Accept(C, actor, version, time.GetUtcNow()), null, expectedCase);

    public Task<CoordinationResult> Object(int version, ObjectionInput input, Actor actor, long? expectedCase) =>
        Coordinate(registry => ResolutionWorkflow.Object(C, actor, version, input, registry, time.GetUtcNow()), new CaseCommand { School = input.CounterProposal?.School }, expectedCase);

    /// <summary>One coordination step: look up what it names, apply it, and save and publish when accepted.</summary>
    private async Task<CoordinationResult> Coordinate(Func<RegistrySnapshot, Outcome> step, CaseCommand? lookups, long? expectedCase)
    {
        if (!C.Exists) return new CoordinationResult(Outcome.InvalidField("id", "unknown case"), null, false, 0);
        if (Repeated() is { } repeat) return Coordinated(repeat);
        // As with the case's own commands (Apply): a retry is recognised first, so it is never refused as stale.
        if (expectedCase is { } expected && expected != C.Version) return Coordinated(new Outcome.Stale(C.Version));
        var registry = lookups is null ? RegistrySnapshot.Empty : await Registry.Resolve(Lookups.ForCommand(C, lookups));
        var outcome = step(registry);
        if (outcome is Outcome.Accepted) await Commit(CaseAccess.PartiesOf(C).ToList());
        return Coordinated(outcome);
    }

    private CoordinationResult Coordinated(Outcome outcome) => new(outcome, C.Resolution, true, C.Version);

    public async Task RefreshParties(Actor actor)
    {
        if (!C.Exists) return;
        var before = CaseAccess.PartiesOf(C).ToList();
        var registry = await Registry.Resolve(Lookups.ForCommand(C, new CaseCommand()));
        if (!new CaseWorkflow(C).RefreshParties(registry, actor, time.GetUtcNow())) return;
        ResolutionWorkflow.OpenOrSync(C, registry, time.GetUtcNow());
        await Commit(before);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ClockReminder || !C.Exists) return;
        var before = CaseAccess.PartiesOf(C).ToList();
        if (await AdvanceClocks(new CaseWorkflow(C))) await Commit(before);
        // Nothing came due: the periodic tick comes again by itself, unless the next deadline falls before it.
        else if (CaseClocks.NextDue(C) is { } next && next - time.GetUtcNow() < clockOptions.Value.CheckPeriod) await ScheduleClocks();
    }

    /// <summary>
    /// Moves the clocks to now; true when anything came due. A TLV that ended takes its issuer off the case (it pays no
    /// more), so the parties are derived again and the resolution follows them, as after a command.
    /// </summary>
    private async Task<bool> AdvanceClocks(CaseWorkflow workflow, RegistrySnapshot? registry = null)
    {
        var now = time.GetUtcNow();
        var events = workflow.AdvanceClocks(now);
        if (!events.Any(e => e.What == CaseClocks.TlvExpired)) return events.Count > 0;
        registry ??= await Registry.Resolve(Lookups.ForCommand(C, new CaseCommand()));
        if (workflow.RefreshParties(registry, Actor.System, now, "the TLV ended")) ResolutionWorkflow.OpenOrSync(C, registry, now);
        return true;
    }

    /// <summary>
    /// Saves the record with this change's events in it, then appends them to the case's log and lets go of them
    /// (the record's next save leaves them out); then brings the case room, the integrators' outbox, the boards and
    /// the clock reminder in line. Returns the view it published, if someone watches the room. The record is the one write a change stands or falls by: an event reaches
    /// the log only after its change was saved, so the log never takes an event of a change that failed, and events
    /// that missed the log are still in the record, appended again on the next change or activation.
    /// </summary>
    private async Task<CaseView?> Commit(IReadOnlyList<string> partiesBefore, CaseWorkflow? workflow = null)
    {
        if (IdempotencyContext.Current is { } key) C.Remember(key);
        var left = partiesBefore.Except(CaseAccess.PartiesOf(C)).ToList();
        // A verband that left has the case's card on its board to take off (a school or municipality has no board).
        var leftVerbanden = left.Where(Codes.IsVerbandCode).ToList();
        if (leftVerbanden.Count > 0) C.LeftVerbanden = [.. (C.LeftVerbanden ?? []).Union(leftVerbanden)];
        var events = C.History.ToList();
        await state.WriteOrReloadAsync(DeactivateOnIdle);
        await AppendToLog();
        var view = PublishCaseRoom(workflow, events);
        await HandOverEvents(events, left);
        await PublishSummaries();
        await ScheduleClocks();
        return view;
    }

    /// <summary>Appends the events the record holds to the log (it keeps each sequence once); on failure they stay.</summary>
    private async Task AppendToLog()
    {
        if (!C.HasUnloggedEvents) return;
        try
        {
            await eventLog.Append(C.Id, C.History);
            C.ForgetLoggedEvents();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Events of case {CaseId} up to v{Version} stay in its record until the log takes them", C.Id, C.Version);
        }
    }

    /// <summary>The case's events after <paramref name="after"/> up to its version: the log's, and those the record still holds.</summary>
    private async Task<IReadOnlyList<CaseEvent>> EventsAfter(long after)
    {
        var logged = await eventLog.Read(C.Id, after, C.Version);
        if (!C.HasUnloggedEvents) return logged;
        // The record's own events are what was saved; they win over a log row with the same sequence.
        return logged.Concat(C.History.Where(e => e.Sequence > after && e.Sequence <= C.Version))
            .GroupBy(e => e.Sequence).Select(g => g.Last()).OrderBy(e => e.Sequence).ToList();
    }

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        // The record holds the events of its last change, which may not have reached the log before a crash.
        // A schema-1 record holds its whole history: once in the log, the record is saved without it.
        if (C.HasUnloggedEvents)
        {
            var schemaOne = C.Schema < CaseRecord.CurrentSchema;
            await AppendToLog();
            if (schemaOne && !C.HasUnloggedEvents)
            {
                C.Schema = CaseRecord.CurrentSchema;
                await state.WriteOrReloadAsync(DeactivateOnIdle);
            }
        }
        // Events saved before a crash that never reached the integrators' outbox go now.
        if (C.Exists && C.HandedOverVersion < C.Version) await HandOverEvents([]);
    }

    /// <summary>
    /// Hands the events after <see cref="CaseRecord.HandedOverVersion"/> to the event sink (webhooks): those of the
    /// change just saved are at hand; after a crash or a failed hand-over the rest is read from the log.
    /// </summary>
    private async Task HandOverEvents(IReadOnlyList<CaseEvent> saved, IReadOnlyList<string>? leftNow = null)
    {
        try
        {
            var events = saved.Count > 0 && saved[0].Sequence <= C.HandedOverVersion + 1
                ? saved.Where(e => e.Sequence > C.HandedOverVersion).ToList()
                : await EventsAfter(C.HandedOverVersion);
            var parties = CaseAccess.PartiesOf(C).ToList();
            await eventSink.Publish(C.Id, parties, events);
            // Those this change took off the case (a verband, the former school, a municipality) hear of it too, else
            // their systems would go on believing what they heard last: up to a resolution among others that the change
            // opened, and of no later change. The parties' subscriptions have these already; the outbox keeps each once.
            // (Should this hand-over fail, its retry reaches the parties only.)
            if (leftNow is { Count: > 0 })
                await eventSink.Publish(C.Id, [.. parties.Union(leftNow)], [.. events.TakeWhile(e => e.What != ResolutionWorkflow.Opened)]);
            C.HandedOverVersion = C.Version;
        }
        catch (Exception e)
        {
            // Saved with the case, so they go again on the next change or activation; the outbox keeps each once.
            logger.LogError(e, "Webhook messages for case {CaseId} up to v{Version} could not be written to the outbox yet", C.Id, C.Version);
        }
    }

    /// <summary>
    /// The case room, while someone has it open, gets the case as it is now and the events of the change just saved;
    /// returns the view it published, or null when nobody watches (and the view was not built).
    /// </summary>
    private CaseView? PublishCaseRoom(CaseWorkflow? workflow, IReadOnlyList<CaseEvent> saved)
    {
        if (!RoomWatched)
        {
            _roomMissed = true;
            return null;
        }
        // From the version before these events: a room that holds an older one (a write that failed but was committed
        // after all) sees the gap and reloads, instead of missing the events in between.
        var view = View(workflow);
        Publish(saved.Count > 0 ? saved[0].Sequence - 1 : C.Version, view, saved);
        return view;
    }

    private void Publish(long from, CaseView view, IReadOnlyList<CaseEvent> events)
    {
        try
        {
            // From the container, not a field: a field more on every idle case counts against W3.
            ServiceProvider.GetRequiredService<LivePublisher>()
                .Publish(LiveMessage.Of(LiveMessage.CaseGroup(C.Id), "case", from, C.Version, new { @case = view, events }));
        }
        catch (Exception e)
        {
            _roomMissed = true;
            logger.LogWarning(e, "Live update for case {CaseId} v{Version} failed; clients resync on the next one or the next renewal", C.Id, C.Version);
        }
    }

    /// <summary>
    /// Sends the case's card to its verbanden' boards, and takes it off the boards of those that stopped being a party
    /// (<see cref="CaseRecord.LeftVerbanden"/>, let go once they took it).
    /// </summary>
    private async Task PublishSummaries()
    {
        var summary = CaseSummary.Of(C);
        var now = C.Parties.Verbanden().ToList();
        if (C.LeftVerbanden is { } left)
        {
            // On its own: a board of a current party that fails must not keep the child on a former party's board.
            try
            {
                await Task.WhenAll(left.Except(now).Select(v => GrainFactory.Grain<IVerbandGrain>(v).RemoveCase(C.Id, C.Version)));
                C.LeftVerbanden = null;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Case {CaseId} v{Version} could not be taken off the boards of {Verbanden} yet", C.Id, C.Version, string.Join(", ", left));
            }
        }
        try
        {
            await Task.WhenAll(now.Select(v => GrainFactory.Grain<IVerbandGrain>(v).UpsertCase(summary)));
            await Task.WhenAll(InboxEntry.Of(C).Select(e => GrainFactory.Grain<IVerbandGrain>(e.Verband).UpsertRequest(e)));
            if (ExpertteamCase.Of(C) is { } referred) await GrainFactory.Grain<IExpertteamGrain>(referred.Region).UpsertCase(referred);
        }
        catch (Exception e)
        {
            // The case itself is saved; a board catches up with the next change of this case.
            logger.LogWarning(e, "Board update for case {CaseId} v{Version} failed", C.Id, C.Version);
        }
    }

    // What this activation knows of its clock reminder: nothing after activation, then kept in step, so a change
    // that does not move the next deadline costs no round trip to the reminder table.
    private bool _reminderKnown;
    private DateTimeOffset? _reminderFor;
    private bool _reminderExact;

    private async Task ScheduleClocks()
    {
        var next = C.State == CaseState.Afgesloten ? null : CaseClocks.NextDue(C);
        var period = clockOptions.Value.CheckPeriod;
        var until = next - time.GetUtcNow();
        if (_reminderKnown && _reminderFor == next && (next is null || _reminderExact || until >= period)) return;
        if (next is null)
        {
            if (await this.GetReminder(ClockReminder) is { } existing) await this.UnregisterReminder(existing);
        }
        else
        {
            var due = until!.Value < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : until.Value > period ? period : until.Value;
            await this.RegisterOrUpdateReminder(ClockReminder, due, period);
            _reminderExact = until.Value <= period;
        }
        _reminderKnown = true;
        _reminderFor = next;
    }

    private CaseResult Result(Outcome outcome) => new(outcome, C.Exists ? View() : null);

    private CaseView View(CaseWorkflow? workflow = null) => new(C.Id, C.Version, C.State, C.Sector, C.Student, C.Parties, C.Parties.IsMultiVerband(), C.LeadVerband,
        C.Application, C.Zorgplicht, C.Thuiszitter, C.Advices, C.Decision, C.CurrentTlv, C.Signals,
        (workflow ?? new CaseWorkflow(C)).PermittedTriggers(time.GetUtcNow()), C.CreatedAt, C.UpdatedAt, C.Resolution, C.Agreement);
}
