using Coordination.Contracts;
using Coordination.Domain.Cases;
using Coordination.Domain.Common;

namespace Coordination.Grains.Tests;

/// <summary>Events a case saved but could not hand to the webhook outbox go when the case is next activated.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EventHandOverTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Events_not_handed_over_before_a_restart_are_handed_over_on_the_next_activation()
    {
        var grain = fixture.Client.GetGrain<ICaseGrain>(Guid.NewGuid().ToString("N"));
        var id = grain.GetPrimaryKeyString();
        fixture.Sink.FailNext = true;

        var opened = await grain.Open(new NewCase
        {
            ParentsInformed = true,
            Student = new NewStudent { Name = "Lina Bos", DateOfBirth = "2016-02-02", Municipality = "GM0001", School = "11AA00" },
        }, new Actor("intern begeleider", "11AA00"));
        Assert.IsType<Outcome.Accepted>(opened.Outcome);
        Assert.DoesNotContain(fixture.Sink.Received, r => r.CaseId == id);

        // As after a crash: the activation goes, the saved case stays.
        await fixture.Cluster.DeactivateAsync(grain);
        await grain.Get();

        Assert.Contains(fixture.Sink.Received, r => r.CaseId == id && r.What == "Signal");
    }
}
