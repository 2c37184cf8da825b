using Coordination.Domain.Resolution;
using static Coordination.Domain.Resolution.ResolutionState;
using static Coordination.Domain.Resolution.ResolutionTrigger;
using static Coordination.Domain.Tests.TestRegistry;

namespace Coordination.Domain.Tests;

/// <summary>
/// The joint resolution read as its table: proposals and answers until agreement (also after escalation),
/// agreement only when every participant accepted the current version, a passed deadline climbs the ladder
/// (Open → Expertteam → Onderwijsconsulent, which stays), Agreed is final but for its lapse (Lapsed, final); Close ends
/// any unresolved one without agreement, also final.
/// </summary>
public class ResolutionMachineTableTests
{
    private static readonly ResolutionState[] Unresolved = [Open, Expertteam, Onderwijsconsulent];

    /// <summary>A resolution of A and B on version 1, in the given state; both accepted it when <paramref name="everyoneAccepted"/>.</summary>
    private static JointResolution Resolution(ResolutionState state, bool everyoneAccepted)
    {
        var at = CaseBuilder.Now;
        var r = new JointResolution
        {
            State = state,
            Requests = [new() { Verband = A }, new() { Verband = B }],
            Proposals = [new Proposal(1, A, at, A, [new PayerShare(A, CostKind.ArrangementCosts, 100)], null, null, null)],
        };
        r.Answers.Add(new Answer(A, 1, true, "proposed it", at));
        r.Requests[0].State = RequestState.Agreed;
        if (everyoneAccepted)
        {
            r.Answers.Add(new Answer(B, 1, true, null, at));
            r.Requests[1].State = RequestState.Agreed;
        }
        return r;
    }

    /// <summary>(state, trigger, everyone accepted, target) for every permitted move.</summary>
    public static TheoryData<ResolutionState, ResolutionTrigger, bool, ResolutionState> Permitted()
    {
        var data = new TheoryData<ResolutionState, ResolutionTrigger, bool, ResolutionState>();
        foreach (var s in Unresolved)
        {
            foreach (var accepted in new[] { false, true })
            {
                data.Add(s, Propose, accepted, s);
                data.Add(s, Respond, accepted, s);
            }
            data.Add(s, Agree, true, Agreed);
            data.Add(s, Close, false, Closed);
            data.Add(s, Close, true, Closed);
        }
        data.Add(Open, DeadlinePassed, false, Expertteam);
        data.Add(Expertteam, DeadlinePassed, false, Onderwijsconsulent);
        data.Add(Onderwijsconsulent, DeadlinePassed, false, Onderwijsconsulent);
        // The ladder does not look at the answers; the workflow stops it by agreeing first.
        data.Add(Open, DeadlinePassed, true, Expertteam);
        data.Add(Agreed, Lapse, false, Lapsed);
        data.Add(Agreed, Lapse, true, Lapsed);
        return data;
    }

    /// <summary>(state, trigger, everyone accepted, the guard named in the refusal or null).</summary>
    public static TheoryData<ResolutionState, ResolutionTrigger, bool, string?> Refused()
    {
        var data = new TheoryData<ResolutionState, ResolutionTrigger, bool, string?>();
        foreach (var s in Unresolved)
        {
            data.Add(s, Agree, false, "every participant accepted the current proposal");
            // Only an agreement lapses.
            foreach (var accepted in new[] { false, true }) data.Add(s, Lapse, accepted, null);
        }
        foreach (var final in new[] { Agreed, Closed, Lapsed })
            foreach (var t in Enum.GetValues<ResolutionTrigger>().Where(t => final != Agreed || t != Lapse))
                foreach (var accepted in new[] { false, true }) data.Add(final, t, accepted, null);
        return data;
    }

    [Theory]
    [MemberData(nameof(Permitted))]
    public void A_permitted_trigger_leads_to_its_target(ResolutionState from, ResolutionTrigger trigger, bool everyoneAccepted, ResolutionState to)
    {
        var r = Resolution(from, everyoneAccepted);
        var machine = new ResolutionMachine(r);

        Assert.True(machine.CanFire(trigger, out var unmet));
        Assert.Empty(unmet ?? []);
        machine.Fire(trigger);
        Assert.Equal(to, r.State);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_refused_trigger_names_its_guard_and_leaves_the_state(ResolutionState from, ResolutionTrigger trigger, bool everyoneAccepted, string? guard)
    {
        var r = Resolution(from, everyoneAccepted);
        var machine = new ResolutionMachine(r);

        Assert.False(machine.CanFire(trigger, out var unmet));
        if (guard is not null) Assert.Equal([guard], unmet);
        Assert.Throws<InvalidOperationException>(() => machine.Fire(trigger));
        Assert.Equal(from, r.State);
    }

    [Fact]
    public void The_table_covers_every_state_and_trigger()
    {
        var permitted = Permitted().Select(row => ((ResolutionState)row[0], (ResolutionTrigger)row[1])).ToHashSet();
        var refused = Refused().Select(row => ((ResolutionState)row[0], (ResolutionTrigger)row[1])).ToHashSet();
        foreach (var s in Enum.GetValues<ResolutionState>())
            foreach (var t in Enum.GetValues<ResolutionTrigger>())
                Assert.True(permitted.Contains((s, t)) || refused.Contains((s, t)), $"{s} + {t} is in neither table");
    }

    [Fact]
    public void Everyone_accepted_needs_the_latest_answer_of_every_active_participant_on_the_current_version()
    {
        var r = Resolution(Open, everyoneAccepted: true);
        Assert.True(r.EveryoneAccepted());

        // B changes its mind: its latest answer counts.
        r.Answers.Add(new Answer(B, 1, false, "te duur", CaseBuilder.Now));
        Assert.False(r.EveryoneAccepted());

        // B accepts again, but a version 2 appears: acceptances of version 1 no longer count.
        r.Answers.Add(new Answer(B, 1, true, null, CaseBuilder.Now));
        Assert.True(r.EveryoneAccepted());
        r.Proposals.Add(r.Proposals[0] with { Version = 2 });
        Assert.False(r.EveryoneAccepted());

        // A closed request does not count.
        r.Answers.Add(new Answer(A, 2, true, null, CaseBuilder.Now));
        Assert.False(r.EveryoneAccepted());
        r.Requests[1].State = RequestState.Closed;
        Assert.True(r.EveryoneAccepted());

        // Without any proposal nobody accepted anything.
        Assert.False(new JointResolution { Requests = [new() { Verband = A }] }.EveryoneAccepted());
    }

    [Fact]
    public void The_next_deadline_follows_the_ladder()
    {
        var r = new JointResolution { ResponseDeadline = new(2025, 3, 17), ExpertteamDeadline = new(2025, 4, 1) };
        Assert.Equal(new DateOnly(2025, 3, 17), r.NextDeadline);
        r.State = Expertteam;
        Assert.Equal(new DateOnly(2025, 4, 1), r.NextDeadline);
        r.State = Onderwijsconsulent;
        Assert.Null(r.NextDeadline);
        r.State = Agreed;
        Assert.Null(r.NextDeadline);
    }
}
