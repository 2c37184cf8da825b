using Coordination.Contracts;
using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Domain.Resolution;

namespace Coordination.Grains.Tests;

/// <summary>The escalation ladder by moving time: nobody answers, the expertteam gets the case, then the onderwijsconsulent.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SilenceEscalationTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Silence_refers_the_case_to_the_expertteam_and_then_involves_the_onderwijsconsulent()
    {
        var grain = fixture.Client.GetGrain<ICaseGrain>(Guid.NewGuid().ToString("N"));
        // Lives in PO1002's municipality, goes to school in PO1001: two verbanden, so a resolution opens.
        var opened = await grain.Open(new NewCase
        {
            ParentsInformed = true,
            Student = new NewStudent { Name = "Jesse Dekker", DateOfBirth = "2016-05-05", Municipality = "GM0002", School = "11AA00" },
        }, new Actor("intern begeleider", "11AA00"));
        Assert.IsType<Outcome.Accepted>(opened.Outcome);
        var resolution = await grain.GetResolution();
        Assert.Equal(ResolutionState.Open, resolution!.State);
        Assert.Equal("Regio PO1001", resolution.Region);

        fixture.Clock.Advance(TimeSpan.FromDays(8));
        var referred = await grain.WaitFor(ResolutionWorkflow.ReferredToExpertteam);
        Assert.Contains(referred, e => e.What == ResolutionWorkflow.ReferredToExpertteam);
        Assert.Equal(ResolutionState.Expertteam, (await grain.GetResolution())!.State);
        var board = await fixture.Client.GetGrain<IExpertteamGrain>("Regio PO1001").Board(1, 50);
        Assert.Contains(board.Cases, c => c.CaseId == grain.GetPrimaryKeyString() && !c.OnderwijsconsulentInvolved);
        Assert.DoesNotContain(referred, e => e.What == ResolutionWorkflow.OnderwijsconsulentInvolved);

        fixture.Clock.Advance(TimeSpan.FromDays(15));
        var involved = await grain.WaitFor(ResolutionWorkflow.OnderwijsconsulentInvolved);
        var step = Assert.Single(involved, e => e.What == ResolutionWorkflow.OnderwijsconsulentInvolved);
        Assert.Contains("Not answered: PO1001, PO1002", step.Details!["dossier"]);
        Assert.Single(involved, e => e.What == ResolutionWorkflow.ReferredToExpertteam);
        var after = await fixture.Client.GetGrain<IExpertteamGrain>("Regio PO1001").Board(1, 50);
        Assert.Contains(after.Cases, c => c.CaseId == grain.GetPrimaryKeyString() && c.OnderwijsconsulentInvolved);
    }
}
