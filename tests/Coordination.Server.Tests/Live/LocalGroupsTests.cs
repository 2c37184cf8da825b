using Coordination.Server.Live;

namespace Coordination.Server.Tests.Live;

/// <summary>A host drops updates only for groups none of its connections watch.</summary>
public sealed class LocalGroupsTests
{
    [Fact]
    public async Task A_group_is_watched_until_its_last_connection_leaves_it()
    {
        var (groups, _) = RecordingConnection.Host();
        RecordingConnection anne = new("anne"), bram = new("bram");
        await groups.OnConnectedAsync(anne);
        await groups.OnConnectedAsync(bram);

        await groups.AddToGroupAsync("anne", "verband:PO2602");
        await groups.AddToGroupAsync("anne", "verband:PO2602"); // watching twice is watching once
        await groups.AddToGroupAsync("bram", "verband:PO2602");
        await groups.AddToGroupAsync("bram", "case:c1");
        Assert.Equal(["anne", "bram"], groups.Find("verband:PO2602")!.Connections.Select(c => c.ConnectionId).Order());
        Assert.Null(groups.Find("verband:PO2601"));
        Assert.Equal(["case:c1", "verband:PO2602"], groups.Watched.Order());

        await groups.OnDisconnectedAsync(anne);
        Assert.Equal(["bram"], groups.Find("verband:PO2602")!.Connections.Select(c => c.ConnectionId));

        await groups.RemoveFromGroupAsync("bram", "case:c1");
        await groups.RemoveFromGroupAsync("bram", "case:c1"); // leaving twice is leaving once
        Assert.Null(groups.Find("case:c1"));
        Assert.NotNull(groups.Find("verband:PO2602"));

        await groups.OnDisconnectedAsync(bram);
        Assert.Null(groups.Find("verband:PO2602"));
        Assert.Empty(groups.Watched);
    }

    [Fact]
    public async Task A_connection_that_is_gone_joins_no_group()
    {
        // SignalR may report a connection gone while one of its hub calls is still on its way to joining a group.
        var (groups, _) = RecordingConnection.Host();
        var anne = new RecordingConnection("anne");
        await groups.OnConnectedAsync(anne);
        await groups.OnDisconnectedAsync(anne);

        await groups.AddToGroupAsync("anne", "verband:PO2602");

        Assert.Null(groups.Find("verband:PO2602"));
    }
}
