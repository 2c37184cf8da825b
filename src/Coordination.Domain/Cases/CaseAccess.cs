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

    /// <summary>The organisations that are party to the case (<see cref="IsParty(string, CaseRecord)"/>), each once.</summary>
    public static IEnumerable<string> PartiesOf(CaseRecord c) =>
        c.Parties.Select(p => p.Code).Append(c.Student.School).Append(c.Zorgplicht is { Running: true } z ? z.School : null).OfType<string>().Distinct();

    // The admission decision and the objection to it are a verband's (Wet passend onderwijs), not a school's.
    private static readonly CaseTrigger[] VerbandDecisions =
        [CaseTrigger.GrantTlv, CaseTrigger.RefuseTlv, CaseTrigger.DismissBezwaar, CaseTrigger.ReconsiderTlv];

    // A municipality takes part through leerplicht and youth care: it knows where the child lives, that it is out of
    // school, and what it signals; the steps of the child's education are the verbanden's and the schools'.
    private static readonly CaseTrigger[] MunicipalitySteps = [CaseTrigger.Move, CaseTrigger.RecordOutOfSchool, CaseTrigger.RecordSignal];

    /// <summary>Why a party's role does not let it take this step, whatever the case's state; null when it does.</summary>
    public static string? RoleRefusal(string organisation, IEnumerable<Party> parties, CaseTrigger trigger) =>
        VerbandDecisions.Contains(trigger) && !parties.Verbanden().Contains(organisation)
            ? $"{trigger} is a decision of a verband of this case, which {organisation} is not"
            : Registry.Codes.IsMunicipalityCode(organisation) && !MunicipalitySteps.Contains(trigger)
                ? $"{trigger} is not a municipality's: it records moves, absence from school and signals (leerplicht, youth care)"
                : null;

    /// <summary>
    /// Of the triggers the case permits now, those this organisation may take: all of them for a verband of the case,
    /// those its role allows for a school or municipality, none for one that may only read the case.
    /// </summary>
    public static IReadOnlyList<string> PermittedTo(string organisation, IEnumerable<Party> parties, string? school, ZorgplichtClock? zorgplicht,
        IReadOnlyList<string> permitted) =>
        parties.Verbanden().Contains(organisation) ? permitted
        : !IsParty(organisation, parties, school, zorgplicht) ? []
        : [.. permitted.Where(t => Enum.TryParse<CaseTrigger>(t, out var trigger) && RoleRefusal(organisation, parties, trigger) is null)];

    public static bool MaySee(string organisation, CaseRecord c) => MaySee(organisation, c.Parties, c.Student.School, c.Zorgplicht, c.Resolution);
}
