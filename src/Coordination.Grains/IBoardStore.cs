using System.Collections.Concurrent;
using Coordination.Domain.Cases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Coordination.Grains;

/// <summary>
/// Where a verband's board keeps its cards, one per case. A change saves the cards that changed, never the whole
/// board: a board written whole grows with every case the verband ever had (W1 in docs/benchmarks.md). The host
/// supplies the PostgreSQL one; grain tests keep cards in memory.
/// </summary>
public interface IBoardStore
{
    Task<IReadOnlyList<CaseSummary>> Load(string verband);

    /// <summary>Saves newer cards and drops removed ones; a card or removal older than what is stored changes nothing.</summary>
    Task Save(string verband, IReadOnlyCollection<CaseSummary> changed, IReadOnlyCollection<BoardRemoval> removed);
}

public sealed record BoardRemoval(string CaseId, long Version);

public sealed class MemoryBoardStore : IBoardStore
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, CaseSummary>> _boards = new();

    public Task<IReadOnlyList<CaseSummary>> Load(string verband) =>
        Task.FromResult<IReadOnlyList<CaseSummary>>(Board(verband).Values.ToList());

    public Task Save(string verband, IReadOnlyCollection<CaseSummary> changed, IReadOnlyCollection<BoardRemoval> removed)
    {
        var board = Board(verband);
        foreach (var card in changed) board.AddOrUpdate(card.Id, card, (_, known) => known.Version < card.Version ? card : known);
        foreach (var r in removed)
            if (board.TryGetValue(r.CaseId, out var known) && known.Version <= r.Version) board.TryRemove(r.CaseId, out _);
        return Task.CompletedTask;
    }

    private ConcurrentDictionary<string, CaseSummary> Board(string verband) => _boards.GetOrAdd(verband, _ => new());

    public static void AddDefault(IServiceCollection services) => services.TryAddSingleton<IBoardStore, MemoryBoardStore>();
}
