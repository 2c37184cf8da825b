using Coordination.Contracts;
using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Domain.Registry;

namespace Coordination.Grains;

/// <summary>The persisted directory: lookups by school and by municipality and sector, never by scanning verbanden.</summary>
public sealed class RegistryRecord
{
    public int Schema { get; set; } = 1;
    public Dictionary<string, SchoolEntry> Schools { get; set; } = [];
    /// <summary>"GM0344/PO" → verband code.</summary>
    public Dictionary<string, string> Residence { get; set; } = [];
    public Dictionary<string, VerbandEntry> Verbanden { get; set; } = [];
}

public sealed class RegistryGrain(
    [PersistentState("registry", StorageNames.State)] IPersistentState<RegistryRecord> state) : Grain, IRegistryGrain
{
    private RegistryRecord R => state.State;

    public Task<RegistrySnapshot> Resolve(RegistryQuery query)
    {
        var schools = query.Schools.Where(R.Schools.ContainsKey).Distinct().ToDictionary(s => s, s => R.Schools[s]);
        var residence = new Dictionary<string, string>();
        foreach (var municipality in query.Municipalities.Distinct())
            foreach (var sector in Enum.GetValues<Sector>())
                if (R.Residence.TryGetValue(RegistrySnapshot.ResidenceKey(municipality, sector), out var v))
                    residence[RegistrySnapshot.ResidenceKey(municipality, sector)] = v;
        var codes = query.Verbanden.Concat(schools.Values.Select(s => s.Verband)).Concat(residence.Values).OfType<string>().Distinct();
        var verbanden = codes.Where(R.Verbanden.ContainsKey).ToDictionary(c => c, c => R.Verbanden[c]);
        return Task.FromResult(new RegistrySnapshot(schools, residence, verbanden));
    }

    public Task<IReadOnlyList<VerbandEntry>> List() =>
        Task.FromResult<IReadOnlyList<VerbandEntry>>(R.Verbanden.Values.OrderBy(v => v.Code, StringComparer.Ordinal).ToList());

    public async Task<IReadOnlyList<FieldError>> Claim(VerbandEntry verband, IReadOnlyList<Municipality> municipalities, IReadOnlyList<School> schools)
    {
        var errors = new Errors();
        var sector = Codes.SectorOfVerband(verband.Code);
        for (var i = 0; i < municipalities.Count; i++)
            if (R.Residence.TryGetValue(RegistrySnapshot.ResidenceKey(municipalities[i].Code, sector), out var owner) && owner != verband.Code && IsLive(owner))
                errors.Add($"municipalities[{i}].code", $"{municipalities[i].Code} is already served by {sector} verband {owner}");
        for (var i = 0; i < schools.Count; i++)
            if (R.Schools.TryGetValue(schools[i].Code, out var entry) && entry.Verband != verband.Code && entry.Verband is { } other && IsLive(other))
                errors.Add($"schools[{i}].code", $"{schools[i].Code} is already a member of verband {other}");
        if (errors.Any) return errors.Items;

        // A verband that dropped a school or municipality gives it up.
        foreach (var key in R.Residence.Where(r => r.Value == verband.Code).Select(r => r.Key).ToList()) R.Residence.Remove(key);
        foreach (var key in R.Schools.Where(s => s.Value.Verband == verband.Code).Select(s => s.Key).ToList()) R.Schools.Remove(key);
        foreach (var m in municipalities) R.Residence[RegistrySnapshot.ResidenceKey(m.Code, sector)] = verband.Code;
        foreach (var s in schools) R.Schools[s.Code] = new SchoolEntry(s, verband.Code);
        R.Verbanden[verband.Code] = verband;
        await state.WriteStateAsync();
        return [];
    }

    public async Task SetState(string code, VerbandState newState)
    {
        if (!R.Verbanden.TryGetValue(code, out var entry)) return;
        R.Verbanden[code] = entry with { State = newState };
        await state.WriteStateAsync();
    }

    private bool IsLive(string code) => R.Verbanden.TryGetValue(code, out var v) && v.State is not (VerbandState.Merged or VerbandState.Dissolved);
}
