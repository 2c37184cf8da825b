using Stateless;
using static Coordination.Domain.Resolution.ResolutionState;
using static Coordination.Domain.Resolution.ResolutionTrigger;

namespace Coordination.Domain.Resolution;

/// <summary>
/// The joint resolution of a case, read as its table of states: proposals and answers are welcome until
/// agreement, also after escalation; a deadline that passes without agreement climbs one step of the ladder
/// (expertteam, then onderwijsconsulent); Agreed is final, and so is Closed: the end without agreement when the case
/// closes or fewer than two verbanden remain in it. An agreement can only lapse (Lapsed, final too), when a verband
/// that made it is no party to the case any more.
/// </summary>
public sealed class ResolutionMachine
{
    private readonly StateMachine<ResolutionState, ResolutionTrigger> _machine;

    public ResolutionMachine(JointResolution r)
    {
        _machine = new StateMachine<ResolutionState, ResolutionTrigger>(() => r.State, s => r.State = s);

        foreach (var state in new[] { Open, Expertteam, Onderwijsconsulent })
        {
            _machine.Configure(state)
                .InternalTransition(Propose, _ => { })
                .InternalTransition(Respond, _ => { })
                .PermitIf(Agree, Agreed, r.EveryoneAccepted, "every participant accepted the current proposal")
                .Permit(Close, Closed);
        }

        _machine.Configure(Open).Permit(DeadlinePassed, Expertteam);
        _machine.Configure(Expertteam).Permit(DeadlinePassed, Onderwijsconsulent);
        _machine.Configure(Onderwijsconsulent).Ignore(DeadlinePassed);
        _machine.Configure(Agreed).Permit(Lapse, Lapsed);
        _machine.Configure(Closed);
        _machine.Configure(Lapsed);
    }

    public bool CanFire(ResolutionTrigger trigger, out ICollection<string>? unmet) => _machine.CanFire(trigger, out unmet);

    public void Fire(ResolutionTrigger trigger) => _machine.Fire(trigger);
}
