using Stateless;
using static Coordination.Domain.Resolution.RequestState;
using static Coordination.Domain.Resolution.RequestTrigger;

namespace Coordination.Domain.Resolution;

/// <summary>
/// A verband's coordination request: Invited → Acknowledged → Agreed | Objected → Closed. A new proposal
/// version asks everyone who answered to look again (back to Acknowledged); until agreement a verband may
/// change its answer.
/// </summary>
public sealed class RequestMachine
{
    private readonly StateMachine<RequestState, RequestTrigger> _machine;

    public RequestMachine(ParticipantRequest request)
    {
        _machine = new StateMachine<RequestState, RequestTrigger>(() => request.State, s => request.State = s);

        _machine.Configure(Invited)
            .Permit(Acknowledge, Acknowledged)
            .Permit(Accept, Agreed)
            .Permit(RaiseObjection, Objected)
            .Ignore(NewProposal)
            .Permit(Close, Closed);

        _machine.Configure(Acknowledged)
            .Permit(Accept, Agreed)
            .Permit(RaiseObjection, Objected)
            .Ignore(Acknowledge)
            .Ignore(NewProposal)
            .Permit(Close, Closed);

        _machine.Configure(Agreed)
            .Permit(RaiseObjection, Objected)
            .Permit(NewProposal, Acknowledged)
            .Ignore(Acknowledge)
            .Permit(Close, Closed);

        _machine.Configure(Objected)
            .Permit(Accept, Agreed)
            .Permit(NewProposal, Acknowledged)
            .Ignore(Acknowledge)
            .Permit(Close, Closed);

        _machine.Configure(Closed);
    }

    public bool CanFire(RequestTrigger trigger) => _machine.CanFire(trigger);

    public void Fire(RequestTrigger trigger) => _machine.Fire(trigger);

    public IReadOnlyList<string> PermittedTriggers => Common.PermittedTriggers.Of(_machine);
}
