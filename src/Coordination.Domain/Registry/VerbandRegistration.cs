using Coordination.Domain.Common;

namespace Coordination.Domain.Registry;

/// <summary>What a verband is: the registry data given when it is registered or imported.</summary>
public sealed record VerbandRegistration(
    string Code,
    string Name,
    string JeugdzorgRegio,
    IReadOnlyList<Municipality> Municipalities,
    IReadOnlyList<School> Schools,
    SupportPoint? SupportPoint = null,
    VerbandPolicy? Policy = null)
{
    public Sector Sector => Codes.SectorOfVerband(Code);

    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new Errors();
        if (!Codes.IsVerbandCode(Code)) errors.Add("code", Codes.VerbandFormat);
        errors.Require("name", Name).Require("jeugdzorgRegio", JeugdzorgRegio);
        if (Name?.Length > 200) errors.Add("name", "must be at most 200 characters");
        if (Municipalities is null || Municipalities.Count == 0) errors.Add("municipalities", "a verband serves at least one municipality");
        for (var i = 0; i < (Municipalities?.Count ?? 0); i++)
            errors.AddRange(Municipalities![i].Validate(), $"municipalities[{i}].");
        if (Municipalities?.GroupBy(m => m.Code).FirstOrDefault(g => g.Count() > 1) is { } dupM)
            errors.Add("municipalities", $"{dupM.Key} is listed twice");
        for (var i = 0; i < (Schools?.Count ?? 0); i++)
        {
            var school = Schools![i];
            errors.AddRange(school.Validate(), $"schools[{i}].");
            if (school.BelongsToNoVerband) errors.Add($"schools[{i}].cluster", "cluster 1 and 2 schools belong to no verband");
            if (Codes.IsVerbandCode(Code) && Enum.IsDefined(school.Type) && school.Type.SectorOf() != Sector)
                errors.Add($"schools[{i}].type", $"a {school.Type} school does not belong to a {Sector} verband");
        }
        if (Schools?.GroupBy(s => s.Code).FirstOrDefault(g => g.Count() > 1) is { } dupS)
            errors.Add("schools", $"{dupS.Key} is listed twice");
        if (SupportPoint is not null && string.IsNullOrWhiteSpace(SupportPoint.Name)) errors.Add("supportPoint.name", "is required");
        if (Policy is not null) errors.AddRange(Policy.Validate());
        return errors.Items;
    }
}
