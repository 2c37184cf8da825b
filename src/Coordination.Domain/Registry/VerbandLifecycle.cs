using Coordination.Domain.Common;
using Stateless;

namespace Coordination.Domain.Registry;

/// <summary>
/// The lifecycle of a verband, read top to bottom like its table of states:
/// Registered → Active ⇄ Suspended → Merged (into another verband) or Dissolved.
/// Only an Active verband can be named by a case.
/// </summary>
public sealed class VerbandLifecycle
{
    private readonly VerbandRecord _record;
    private readonly StateMachine<VerbandState, VerbandTrigger> _machine;
    private string? _mergeTarget;

    public VerbandLifecycle(VerbandRecord record)
    {
        _record = record;
        _machine = new StateMachine<VerbandState, VerbandTrigger>(() => _record.State, s => _record.State = s);

        _machine.Configure(VerbandState.Registered)
            .Permit(VerbandTrigger.Activate, VerbandState.Active)
            .Permit(VerbandTrigger.Dissolve, VerbandState.Dissolved);

        _machine.Configure(VerbandState.Active)
            .Permit(VerbandTrigger.Suspend, VerbandState.Suspended)
            .Permit(VerbandTrigger.Merge, VerbandState.Merged)
            .Permit(VerbandTrigger.Dissolve, VerbandState.Dissolved);

        _machine.Configure(VerbandState.Suspended)
            .Permit(VerbandTrigger.Resume, VerbandState.Active)
            .Permit(VerbandTrigger.Merge, VerbandState.Merged)
            .Permit(VerbandTrigger.Dissolve, VerbandState.Dissolved);

        _machine.Configure(VerbandState.Merged)
            .OnEntry(() => _record.MergedInto = _mergeTarget);

        // Merged and Dissolved are final: nothing leaves them.
        _machine.Configure(VerbandState.Dissolved);
    }

    public VerbandState State => _record.State;

    public IReadOnlyList<string> PermittedTriggers => Common.PermittedTriggers.Of(_machine);

    /// <summary>Fires a lifecycle trigger; a refused trigger changes nothing and says what is permitted.</summary>
    public Outcome Fire(string? trigger, string? reason, string? mergeInto, Actor actor, DateTimeOffset now)
    {
        var parsed = new Errors();
        if (Parse.Enum<VerbandTrigger>(parsed, "trigger", trigger, required: true, ignoreCase: false) is not { } t) return new Outcome.Invalid(parsed.Items);
        if (string.IsNullOrWhiteSpace(reason))
            return Outcome.InvalidField("reason", "is required: the history says why");
        if (t == VerbandTrigger.Merge)
        {
            if (!Codes.IsVerbandCode(mergeInto)) return Outcome.InvalidField("mergeInto", Codes.VerbandFormat);
            if (mergeInto == _record.Code) return Outcome.InvalidField("mergeInto", "a verband cannot merge into itself");
            if (Codes.SectorOfVerband(mergeInto!) != _record.Sector) return Outcome.InvalidField("mergeInto", "must be a verband of the same sector");
        }
        if (!_machine.CanFire(t))
            return new Outcome.NotPermitted(t.ToString(), _record.State.ToString(), PermittedTriggers,
                $"{t} is not permitted while the verband is {_record.State}");

        _mergeTarget = mergeInto;
        _machine.Fire(t);
        _record.Record(actor, now, t == VerbandTrigger.Merge ? $"{t} into {mergeInto}" : t.ToString(), reason);
        return new Outcome.Accepted(_record.Version);
    }
}
