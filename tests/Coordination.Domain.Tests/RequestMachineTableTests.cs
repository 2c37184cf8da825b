using Coordination.Domain.Resolution;
using static Coordination.Domain.Resolution.RequestState;
using static Coordination.Domain.Resolution.RequestTrigger;

namespace Coordination.Domain.Tests;

/// <summary>
/// A verband's coordination request, read as its table: Invited → Acknowledged → Agreed | Objected → Closed; a
/// new proposal sends an answer back to Acknowledged; Close from every state but Closed.
/// </summary>
public class RequestMachineTableTests
{
    /// <summary>For every state, the triggers it accepts and where each leads (ignored triggers stay).</summary>
    private static readonly Dictionary<RequestState, Dictionary<RequestTrigger, RequestState>> Table = new()
    {
        [Invited] = new() { [Acknowledge] = Acknowledged, [Accept] = Agreed, [RaiseObjection] = Objected, [NewProposal] = Invited, [Close] = Closed },
        [Acknowledged] = new() { [Acknowledge] = Acknowledged, [Accept] = Agreed, [RaiseObjection] = Objected, [NewProposal] = Acknowledged, [Close] = Closed },
        [Agreed] = new() { [Acknowledge] = Agreed, [RaiseObjection] = Objected, [NewProposal] = Acknowledged, [Close] = Closed },
        [Objected] = new() { [Acknowledge] = Objected, [Accept] = Agreed, [NewProposal] = Acknowledged, [Close] = Closed },
        [Closed] = new(),
    };

    public static TheoryData<RequestState, RequestTrigger, RequestState> Permitted()
    {
        var data = new TheoryData<RequestState, RequestTrigger, RequestState>();
        foreach (var (state, row) in Table)
            foreach (var (trigger, target) in row) data.Add(state, trigger, target);
        return data;
    }

    public static TheoryData<RequestState, RequestTrigger> Refused()
    {
        var data = new TheoryData<RequestState, RequestTrigger>();
        foreach (var (state, row) in Table)
            foreach (var trigger in Enum.GetValues<RequestTrigger>().Where(t => !row.ContainsKey(t))) data.Add(state, trigger);
        return data;
    }

    [Fact]
    public void The_table_covers_every_state()
    {
        Assert.Equal(Enum.GetValues<RequestState>().Order(), Table.Keys.Order());
        // Each pair is either permitted or refused, never both.
        Assert.Equal(Enum.GetValues<RequestState>().Length * Enum.GetValues<RequestTrigger>().Length, Permitted().Count() + Refused().Count());
    }

    [Theory]
    [MemberData(nameof(Permitted))]
    public void A_permitted_trigger_leads_to_its_target(RequestState from, RequestTrigger trigger, RequestState to)
    {
        var request = new ParticipantRequest { Verband = TestRegistry.A, State = from };
        var machine = new RequestMachine(request);

        Assert.True(machine.CanFire(trigger));
        machine.Fire(trigger);
        Assert.Equal(to, request.State);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_refused_trigger_throws_and_leaves_the_request_alone(RequestState from, RequestTrigger trigger)
    {
        var request = new ParticipantRequest { Verband = TestRegistry.A, State = from };
        var machine = new RequestMachine(request);

        Assert.False(machine.CanFire(trigger));
        Assert.Throws<InvalidOperationException>(() => machine.Fire(trigger));
        Assert.Equal(from, request.State);
    }

    [Theory]
    [MemberData(nameof(AllStates))]
    public void Permitted_triggers_are_listed_in_order(RequestState state)
    {
        var machine = new RequestMachine(new ParticipantRequest { State = state });
        Assert.Equal(Table[state].Keys.Select(t => t.ToString()).Order(StringComparer.Ordinal), machine.PermittedTriggers);
    }

    public static TheoryData<RequestState> AllStates() => new(Enum.GetValues<RequestState>());

    [Fact]
    public void A_verband_may_change_its_answer_until_the_request_is_closed()
    {
        var request = new ParticipantRequest { Verband = TestRegistry.A };
        var machine = new RequestMachine(request);

        machine.Fire(Acknowledge);
        machine.Fire(Accept);
        machine.Fire(RaiseObjection);
        machine.Fire(Accept);
        Assert.Equal(Agreed, request.State);
        machine.Fire(NewProposal);
        Assert.Equal(Acknowledged, request.State);
        machine.Fire(Close);
        Assert.Equal(Closed, request.State);
        Assert.Empty(machine.PermittedTriggers);
    }
}
