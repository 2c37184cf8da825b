using Coordination.Domain.Resolution;

namespace Coordination.Domain.Cases;

/// <summary>
/// Who may know of a case and who may change it, by organisation code. A case is known to its parties (verbanden,
/// the municipality once it joined, the school of the child or of its running application), to the expertteam it
/// was referred to ("expertteam:&lt;region&gt;") and to the onderwijsconsulent once involved; only parties change it.
/// </summary>
public static class CaseAccess
{
    public const string ExpertteamPrefix = "expertteam:";
    public const string Onderwijsconsulent = "onderwijsconsulent";

    public static bool IsParty(string organisation, IEnumerable<Party> parties, string? school, ZorgplichtClock? zorgplicht) =>
        parties.Any(p => p.Code == organisation) || school == organisation || zorgplicht is { Running: true } z && z.School == organisation;

    public static bool MaySee(string organisation, IEnumerable<Party> parties, string? school, ZorgplichtClock? zorgplicht, JointResolution? resolution) =>
        IsParty(organisation, parties, school, zorgplicht)
        || resolution is { ReferredToExpertteamAt: not null } r && organisation == ExpertteamPrefix + r.Region
        || resolution is { OnderwijsconsulentAt: not null } && organisation == Onderwijsconsulent;

    public static bool IsParty(string organisation, CaseRecord c) => IsParty(organisation, c.Parties, c.Student.School, c.Zorgplicht);

    public static bool MaySee(string organisation, CaseRecord c) => MaySee(organisation, c.Parties, c.Student.School, c.Zorgplicht, c.Resolution);
}
