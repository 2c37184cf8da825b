using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using static Coordination.Domain.Cases.CaseTrigger;
using static Coordination.Domain.Tests.CaseBuilder;
using static Coordination.Domain.Tests.TestRegistry;

namespace Coordination.Domain.Tests;

/// <summary>Parents are involved in every signal unless a danger is stated; from 16 the student decides, and who decided is recorded.</summary>
public class ParentInvolvementTests
{
    // Today is 2025-03-10 (CaseBuilder.Now): born 2015 is 9, born 2008-03-10 turned 17, born 2009-03-11 is still 15.
    private static NewCase Signal(string born, bool? informed, string? decidedBy = null, string? withhold = null) => new()
    {
        ParentsInformed = informed,
        ParentsDecidedBy = decidedBy,
        WithholdReason = withhold,
        Student = new NewStudent { Name = "Sam", DateOfBirth = born, Municipality = GemA, School = BaoA },
    };

    private static Outcome Open(NewCase request, out CaseRecord c)
    {
        c = new CaseRecord();
        return CaseWorkflow.Open(c, "case-1", request, Snapshot(), User, Now);
    }

    [Fact]
    public void Every_signal_says_whether_the_parents_were_informed()
    {
        AssertInvalid(Open(Signal("2015-05-01", informed: null), out var c), "parentsInformed");
        Assert.False(c.Exists);
    }

    [Fact]
    public void Leaving_the_parents_out_needs_a_stated_danger_and_shows_in_the_history()
    {
        AssertInvalid(Open(Signal("2015-05-01", informed: false), out var refused), "withholdReason");
        Assert.False(refused.Exists);

        Assert.IsType<Outcome.Accepted>(Open(Signal("2015-05-01", informed: false, withhold: "huiselijk geweld: melding Veilig Thuis loopt"), out var c));
        var opened = c.History.Single().Details!;
        Assert.Equal("no", opened["parentsInformed"]);
        Assert.Equal("professional", opened["parentsDecidedBy"]);
        Assert.Equal("huiselijk geweld: melding Veilig Thuis loopt", opened["withholdReason"]);
    }

    [Theory]
    [InlineData("2008-03-10")] // 17 today
    [InlineData("2009-03-10")] // 16 today
    public void From_sixteen_the_student_decides_and_that_is_recorded(string born)
    {
        AssertInvalid(Open(Signal(born, informed: false), out _), "parentsDecidedBy");

        Assert.IsType<Outcome.Accepted>(Open(Signal(born, informed: false, decidedBy: "student"), out var c));
        Assert.Equal("student", c.History.Single().Details!["parentsDecidedBy"]);
        Assert.False(c.History.Single().Details!.ContainsKey("withholdReason"));
    }

    [Fact]
    public void Below_sixteen_the_student_does_not_decide()
    {
        AssertInvalid(Open(Signal("2009-03-11", informed: false, decidedBy: "student"), out _), "parentsDecidedBy");
    }

    [Fact]
    public void A_later_signal_follows_the_same_rule_and_changes_nothing_when_refused()
    {
        Assert.IsType<Outcome.Accepted>(Open(Signal("2015-05-01", informed: true), out var c));
        var before = Fingerprint(c);

        AssertInvalid(c.Apply(Cmd(RecordSignal) with { Signal = "Jeugdhulp", ParentsInformed = false }), "withholdReason");
        Assert.Equal(before, Fingerprint(c));

        Assert.IsType<Outcome.Accepted>(c.Apply(Cmd(RecordSignal) with { Signal = "Jeugdhulp", ParentsInformed = false, WithholdReason = "dreiging richting hulpverlener" }));
        Assert.Equal("dreiging richting hulpverlener", c.Signals.Single().WithholdReason);
        Assert.Equal("no", c.History[^1].Details!["parentsInformed"]);
    }
}
