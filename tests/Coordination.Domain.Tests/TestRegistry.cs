using Coordination.Domain.Cases;
using Coordination.Domain.Registry;

namespace Coordination.Domain.Tests;

/// <summary>
/// A registry with three PO verbanden A, B and C (one municipality each) and the VO verbanden of the same
/// municipalities, so a PO→VO handover has somewhere to go.
/// </summary>
public static class TestRegistry
{
    public const string A = "PO2001", B = "PO2002", C = "PO2003";
    public const string VoA = "VO2001", VoB = "VO2002";
    public const string GemA = "GM0001", GemB = "GM0002", GemC = "GM0003";

    public const string BaoA = "01AA00", SboA = "01AA01", SoA = "01AA02";
    public const string BaoB = "02BB00", SboB = "02BB01";
    public const string BaoC = "03CC00";
    public const string VoSchoolA = "11VA00", VsoSchoolB = "12VB01";
    /// <summary>A cluster 2 school: in the registry, but in no verband.</summary>
    public const string Cluster2 = "09ZZ00";

    public static RegistrySnapshot Snapshot(Action<Dictionary<string, VerbandEntry>>? tweak = null)
    {
        var verbanden = new Dictionary<string, VerbandEntry>
        {
            [A] = Verband(A), [B] = Verband(B), [C] = Verband(C),
            [VoA] = Verband(VoA), [VoB] = Verband(VoB), ["VO2003"] = Verband("VO2003"),
        };
        tweak?.Invoke(verbanden);
        var schools = new Dictionary<string, SchoolEntry>
        {
            [BaoA] = new(new School(BaoA, "De Regenboog", SchoolType.BAO, GemA), A),
            [SboA] = new(new School(SboA, "SBO De Brug", SchoolType.SBO, GemA), A),
            [SoA] = new(new School(SoA, "SO De Zon", SchoolType.SO, GemA, 3), A),
            [BaoB] = new(new School(BaoB, "De Linde", SchoolType.BAO, GemB), B),
            [SboB] = new(new School(SboB, "SBO Het Anker", SchoolType.SBO, GemB), B),
            [BaoC] = new(new School(BaoC, "De Eik", SchoolType.BAO, GemC), C),
            [VoSchoolA] = new(new School(VoSchoolA, "Het Lyceum", SchoolType.VO, GemA), VoA),
            [VsoSchoolB] = new(new School(VsoSchoolB, "VSO De Horizon", SchoolType.VSO, GemB, 4), VoB),
            [Cluster2] = new(new School(Cluster2, "Kentalis", SchoolType.SO, GemA, 2), null),
        };
        var residence = new Dictionary<string, string>
        {
            [RegistrySnapshot.ResidenceKey(GemA, Sector.PO)] = A,
            [RegistrySnapshot.ResidenceKey(GemB, Sector.PO)] = B,
            [RegistrySnapshot.ResidenceKey(GemC, Sector.PO)] = C,
            [RegistrySnapshot.ResidenceKey(GemA, Sector.VO)] = VoA,
            [RegistrySnapshot.ResidenceKey(GemB, Sector.VO)] = VoB,
            [RegistrySnapshot.ResidenceKey(GemC, Sector.VO)] = "VO2003",
        };
        return new RegistrySnapshot(schools, residence, verbanden);
    }

    public static RegistrySnapshot WithState(string verband, VerbandState state) =>
        Snapshot(v => v[verband] = v[verband] with { State = state });

    public static RegistrySnapshot WithPolicy(string verband, VerbandPolicy policy) =>
        Snapshot(v => v[verband] = v[verband] with { Policy = policy });

    private static VerbandEntry Verband(string code) =>
        new(code, $"SWV {code}", VerbandState.Active, VerbandPolicy.Default, "Regio Midden");
}
