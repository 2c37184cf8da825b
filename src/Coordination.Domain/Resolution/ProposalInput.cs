using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Domain.Registry;

namespace Coordination.Domain.Resolution;

public sealed record PayerInput
{
    public string? Verband { get; init; }
    public string? Cost { get; init; }
    public int? Percent { get; init; }
}

/// <summary>A proposal as a verband sends it; <see cref="Read"/> checks it against the case's participants.</summary>
public sealed record ProposalInput
{
    public string? Regie { get; init; }
    public IReadOnlyList<PayerInput>? Payers { get; init; }
    public string? School { get; init; }
    public string? PlaceBy { get; init; }
    public string? Note { get; init; }

    public (string Regie, List<PayerShare> Payers, string? School, DateOnly? PlaceBy, string? Note)? Read(
        Errors errors, string prefix, JointResolution r, RegistrySnapshot registry, DateOnly today)
    {
        if (!Codes.IsVerbandCode(Regie)) errors.Add(prefix + "regie", Codes.VerbandFormat);
        else if (!r.IsParticipant(Regie!)) errors.Add(prefix + "regie", $"{Regie} is not a participant of this resolution");
        var payers = new List<PayerShare>();
        if (Payers is null || Payers.Count == 0) errors.Add(prefix + "payers", "name at least one payer");
        for (var i = 0; i < (Payers?.Count ?? 0); i++)
        {
            var p = Payers![i];
            var field = $"{prefix}payers[{i}].";
            if (!Codes.IsVerbandCode(p.Verband)) errors.Add(field + "verband", Codes.VerbandFormat);
            else if (!r.IsParticipant(p.Verband!)) errors.Add(field + "verband", $"{p.Verband} is not a participant of this resolution");
            var cost = Parse.Enum<CostKind>(errors, field + "cost", p.Cost, required: true);
            if (p.Percent is not (>= 1 and <= 100)) errors.Add(field + "percent", "must be between 1 and 100");
            if (cost is { } c && p.Verband is not null && p.Percent is { } pct) payers.Add(new PayerShare(p.Verband, c, pct));
        }
        foreach (var group in payers.GroupBy(p => p.Cost))
        {
            if (group.Sum(p => p.Percent) != 100) errors.Add(prefix + "payers", $"the shares of {group.Key} add up to {group.Sum(p => p.Percent)}%, not 100%");
            if (group.GroupBy(p => p.Verband).Any(g => g.Count() > 1)) errors.Add(prefix + "payers", $"a verband is named twice for {group.Key}");
        }
        if (School is not null)
        {
            if (!Codes.IsSchoolCode(School)) errors.Add(prefix + "school", Codes.SchoolFormat);
            else if (!registry.Schools.ContainsKey(School)) errors.Add(prefix + "school", "is not a known school");
        }
        var placeBy = Parse.Date(errors, prefix + "placeBy", PlaceBy, required: false);
        if (placeBy < today) errors.Add(prefix + "placeBy", "cannot be in the past");
        var note = Parse.Text(errors, prefix + "note", Note, required: false, max: 2000);
        return errors.Any ? null : (Regie!, payers, School, placeBy, note);
    }
}

public sealed record ObjectionInput
{
    public string? Reason { get; init; }
    public ProposalInput? CounterProposal { get; init; }
}

public sealed record OpenInput
{
    public string? Reason { get; init; }
}
