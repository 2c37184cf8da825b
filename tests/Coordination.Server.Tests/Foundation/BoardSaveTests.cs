using Coordination.Contracts;
using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Server.Api;
using Coordination.Server.Tests.Infrastructure;

namespace Coordination.Server.Tests.Foundation;

/// <summary>A board saves its cards and its own record (sequence and inbox) about once a second, each as it can.</summary>
public sealed class BoardSaveTests
{
    private const string StoredSequence =
        "SELECT coalesce(max((convert_from(payload, 'UTF8')::jsonb->>'sequence')::bigint), -1) FROM orleans_grain_state WHERE grain_type = 'board' AND grain_key_ext = 'PO2601'";

    [Fact]
    public async Task A_board_whose_cards_cannot_be_saved_still_saves_its_sequence_and_saves_the_cards_once_it_can()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var silo = await InProcessSilo.StartAsync(InProcessSilo.Settings(db.ConnectionString));
        var csv = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "silo-config", "demo", "registry.csv"));
        await ImportEndpoints.Run(csv, silo.Grains, Actor.System);
        await db.RefuseWrites("board_card");

        var opened = await silo.Grains.GetGrain<ICaseGrain>("board-save").Open(new NewCase
        {
            ParentsInformed = true,
            Student = new NewStudent { Name = "Sam de Vries", DateOfBirth = "2016-06-01", Municipality = "GM0344", School = "01AA00" },
        }, new Actor("test", "PO2601"));
        Assert.IsType<Outcome.Accepted>(opened.Outcome);
        var sequence = (await silo.Grains.GetGrain<IVerbandGrain>("PO2601").Board(null, 1, 10))!.Sequence;

        Assert.True(await Eventually(async () => await db.Scalar<long>(StoredSequence) == sequence), "the board's sequence was not saved");
        Assert.Equal(0, await db.Scalar<long>("SELECT count(*) FROM board_card"));

        await db.AcceptWrites("board_card");
        Assert.True(await Eventually(async () => await db.Scalar<long>("SELECT count(*) FROM board_card WHERE case_id = 'board-save'") == 1),
            "the card was not saved once the table took it again");
    }

    private static async Task<bool> Eventually(Func<Task<bool>> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline; await Task.Delay(100))
            if (await condition()) return true;
        return false;
    }
}
