using Coordination.Contracts;
using Coordination.Domain.Cases;
using Coordination.Domain.Common;

namespace Coordination.Grains.Tests;

/// <summary>A case builds and sends its room's live update only while a host says someone has the room open.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CaseRoomTests(ClusterFixture fixture)
{
    private static readonly Actor Intern = new("intern begeleider", "11AA00");

    [Fact]
    public async Task A_case_publishes_to_its_room_for_a_lease_after_activation_and_after_each_watch_and_not_otherwise()
    {
        var host = new RecordingHost();
        var reference = fixture.Client.CreateObjectReference<ILiveHost>(host);
        await fixture.RegisterHost("room-test", reference);
        var grain = fixture.Client.GetGrain<ICaseGrain>(Guid.NewGuid().ToString("N"));
        var group = LiveMessage.CaseGroup(grain.GetPrimaryKeyString());
        Task<bool> Published(long version, TimeSpan within) => Eventually(() => host.Messages.Any(m => m.Group == group && m.Kind == "case" && m.Version == version), within);

        await grain.Open(new NewCase
        {
            ParentsInformed = true,
            Student = new NewStudent { Name = "Sem de Vries", DateOfBirth = "2016-03-03", Municipality = "GM0001", School = "11AA00" },
        }, Intern);
        var justActivated = await Change(grain);
        Assert.True(await Published(justActivated, TimeSpan.FromSeconds(5)), "a case just activated publishes: a renewal may have gone to a silo that died");

        await Task.Delay(ClusterFixture.CaseRoomLease + TimeSpan.FromMilliseconds(500));
        var unwatched = await Change(grain);
        Assert.False(await Published(unwatched, TimeSpan.FromSeconds(1)), "nobody watches: the update is not built or sent");

        await grain.Watch();
        var watched = await Change(grain);
        Assert.True(await Published(watched, TimeSpan.FromSeconds(5)), "watched: the update goes out");

        await Task.Delay(ClusterFixture.CaseRoomLease + TimeSpan.FromMilliseconds(500));
        var lapsed = await Change(grain);
        Assert.False(await Published(lapsed, TimeSpan.FromSeconds(1)), "no renewal within the lease: the room lapsed");

        // Renewed after the lapse (renewals failed while a silo went): whoever still holds the room sees a gap.
        await grain.Watch();
        Assert.True(await Eventually(() => host.Messages.Any(m => m.Group == group && m.Kind == "case" && m.Version == lapsed && m.From == lapsed), TimeSpan.FromSeconds(5)),
            "the room is told to read the case again");
        GC.KeepAlive(host);
    }

    private static async Task<long> Change(ICaseGrain grain)
    {
        var result = await grain.Apply(new CaseCommand { Trigger = "RecordSignal", Signal = "Zorg", ParentsInformed = true }, Intern);
        Assert.IsType<Outcome.Accepted>(result.Outcome);
        return result.Case!.Version;
    }

    private static async Task<bool> Eventually(Func<bool> condition, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (!condition() && DateTime.UtcNow < until) await Task.Delay(50);
        return condition();
    }
}
