using Coordination.Contracts;
using Coordination.Domain.Cases;
using Coordination.Domain.Common;

namespace Coordination.Server.Security;

/// <summary>
/// Who may see and do what. A case is known to its parties (verbanden, the municipality once it joined, the
/// school of the child or of its application), to the expertteam it was referred to and to the onderwijsconsulent
/// once involved; to anyone else it does not exist (404). Only parties change it; a verband manages only itself.
/// </summary>
public static class Access
{
    public const string ExpertteamPrefix = CaseAccess.ExpertteamPrefix;
    public const string Onderwijsconsulent = CaseAccess.Onderwijsconsulent;

    public static bool MaySeeCase(Actor actor, CaseView c) =>
        CaseAccess.MaySee(actor.Organisation, c.Parties, c.Student.School, c.Zorgplicht, c.Resolution);

    public static bool IsParty(Actor actor, CaseView c) => CaseAccess.IsParty(actor.Organisation, c.Parties, c.Student.School, c.Zorgplicht);

    public static bool MayManageVerband(Actor actor, string role, string code) => role == Roles.Admin || actor.Organisation == code;

    public static bool MayWatchVerband(Actor actor, string role, string code) => role == Roles.Admin || actor.Organisation == code;

    public static bool MayWatchExpertteam(Actor actor, string role, string region) => role == Roles.Admin || actor.Organisation == ExpertteamPrefix + region;
}
