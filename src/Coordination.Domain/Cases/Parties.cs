using System.Text.Json.Serialization;
using Coordination.Domain.Common;
using Coordination.Domain.Registry;

namespace Coordination.Domain.Cases;

/// <summary>The role a party plays in a case; one party may play several.</summary>
public enum PartyRole
{
    /// <summary>The verband of the school: communication runs through it and, by default, it leads (regie).</summary>
    SchoolVerband,
    /// <summary>The verband of the municipality where the child lives (same sector).</summary>
    ResidenceVerband,
    /// <summary>The verband that issued the current TLV: by default it pays.</summary>
    TlvIssuer,
    /// <summary>The municipality of residence, after a leerplicht or youth-care signal.</summary>
    Municipality,
}

public enum PartyKind { Verband, Municipality }

public sealed record Party(
    PartyKind Kind,
    [property: JsonConverter(typeof(SharedCode))] string Code,
    [property: JsonConverter(typeof(CompactList<PartyRole>))] IReadOnlyList<PartyRole> Roles);

/// <summary>What the registry says about the codes a case names, looked up before a change is accepted.</summary>
public sealed record RegistrySnapshot(
    IReadOnlyDictionary<string, SchoolEntry> Schools,
    IReadOnlyDictionary<string, string> ResidenceVerbanden,
    IReadOnlyDictionary<string, VerbandEntry> Verbanden)
{
    public static readonly RegistrySnapshot Empty = new(
        new Dictionary<string, SchoolEntry>(), new Dictionary<string, string>(), new Dictionary<string, VerbandEntry>());

    /// <summary>Key of <see cref="ResidenceVerbanden"/>: a municipality and a sector.</summary>
    public static string ResidenceKey(string municipality, Sector sector) => $"{municipality}/{sector}";

    public string? ResidenceVerband(string municipality, Sector sector) =>
        ResidenceVerbanden.GetValueOrDefault(ResidenceKey(municipality, sector));
}

public sealed record SchoolEntry(School School, string? Verband);

public sealed record VerbandEntry(string Code, string Name, VerbandState State, VerbandPolicy Policy, string JeugdzorgRegio);

/// <summary>
/// Parties are derived, never typed: the verband of the school, the verband of the municipality of residence
/// (same sector), the issuer of a current TLV, and the municipality once a signal brought it in.
/// </summary>
public static class PartyDerivation
{
    public static IReadOnlyList<Party> Derive(Sector sector, Student student, Tlv? tlv, bool municipalityJoined, RegistrySnapshot registry)
    {
        var roles = new Dictionary<string, List<PartyRole>>();
        void Add(string? verband, PartyRole role)
        {
            if (verband is null) return;
            if (!roles.TryGetValue(verband, out var list)) roles[verband] = list = [];
            list.Add(role);
        }

        if (student.School is { } school && registry.Schools.TryGetValue(school, out var entry)) Add(entry.Verband, PartyRole.SchoolVerband);
        Add(registry.ResidenceVerband(student.Municipality, sector), PartyRole.ResidenceVerband);
        Add(tlv?.IssuedBy, PartyRole.TlvIssuer);

        var parties = roles.Select(r => new Party(PartyKind.Verband, r.Key, r.Value)).OrderBy(p => p.Code, StringComparer.Ordinal).ToList();
        if (municipalityJoined) parties.Add(new Party(PartyKind.Municipality, student.Municipality, [PartyRole.Municipality]));
        return parties;
    }

    public static IEnumerable<string> Verbanden(this IEnumerable<Party> parties) =>
        parties.Where(p => p.Kind == PartyKind.Verband).Select(p => p.Code);

    public static bool IsMultiVerband(this IEnumerable<Party> parties) => parties.Verbanden().Count() > 1;

    /// <summary>Who leads (regie) by default: the verband of the school, else the verband where the child lives.</summary>
    public static string? LeadVerband(this IEnumerable<Party> parties) =>
        parties.FirstOrDefault(p => p.Roles.Contains(PartyRole.SchoolVerband))?.Code
        ?? parties.FirstOrDefault(p => p.Roles.Contains(PartyRole.ResidenceVerband))?.Code;
}
