using Coordination.Server.Live;

namespace Coordination.Server.Tests.Live;

/// <summary>A host drops updates only for groups none of its connections watch.</summary>
public sealed class LocalGroupsTests
{
    [Fact]
    public void A_group_is_watched_until_its_last_connection_leaves_it()
    {
        var groups = new LocalGroups();
        HashSet<string> anne = [], bram = [];

        groups.Join(anne, "verband:PO2602");
        groups.Join(anne, "verband:PO2602"); // watching twice is watching once
        groups.Join(bram, "verband:PO2602");
        groups.Join(bram, "case:c1");
        Assert.True(groups.AnyIn("verband:PO2602"));
        Assert.False(groups.AnyIn("verband:PO2601"));

        groups.LeaveAll(anne);
        Assert.True(groups.AnyIn("verband:PO2602"));

        groups.Leave(bram, "case:c1");
        groups.Leave(bram, "case:c1"); // leaving twice is leaving once
        Assert.False(groups.AnyIn("case:c1"));
        Assert.True(groups.AnyIn("verband:PO2602"));

        groups.LeaveAll(bram);
        Assert.False(groups.AnyIn("verband:PO2602"));
    }
}
