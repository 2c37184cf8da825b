using Coordination.Domain.Resolution;

namespace Coordination.Contracts;

/// <summary>The expertteam of one jeugdzorgregio. Key: the region's name as verbanden register it.</summary>
public interface IExpertteamGrain : IGrainWithStringKey
{
    /// <summary>Called by case grains when a case is referred here, and on every later change of it.</summary>
    Task UpsertCase(ExpertteamCase referred);

    /// <summary>The cases referred to this expertteam, newest change first.</summary>
    Task<ExpertteamBoard> Board(int page, int pageSize);
}

[GenerateSerializer, Immutable]
public sealed record ExpertteamBoard(
    [property: Id(0)] string Region,
    [property: Id(1)] int Page,
    [property: Id(2)] int PageSize,
    [property: Id(3)] int Total,
    [property: Id(4)] IReadOnlyList<ExpertteamCase> Cases,
    [property: Id(5)] long Sequence);
