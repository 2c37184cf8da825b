using Coordination.Domain.Common;

namespace Coordination.Domain.Registry;

/// <summary>A school location (vestiging). Cluster 1 and 2 schools (visual, auditory/language) belong to no verband.</summary>
public sealed record School(string Code, string Name, SchoolType Type, string Municipality, int? Cluster = null)
{
    public bool BelongsToNoVerband => Cluster is 1 or 2;

    public IEnumerable<FieldError> Validate(string prefix = "")
    {
        if (!Codes.IsSchoolCode(Code)) yield return new(prefix + "code", Codes.SchoolFormat);
        if (string.IsNullOrWhiteSpace(Name)) yield return new(prefix + "name", "is required");
        if (!Enum.IsDefined(Type)) yield return new(prefix + "type", "must be one of BAO, SBO, SO, VO, PrO, VSO");
        if (!Codes.IsMunicipalityCode(Municipality)) yield return new(prefix + "municipality", Codes.MunicipalityFormat);
        if (Cluster is not null and not (1 or 2 or 3 or 4)) yield return new(prefix + "cluster", "must be 1, 2, 3 or 4");
        if (Cluster is not null && Type is not (SchoolType.SO or SchoolType.VSO))
            yield return new(prefix + "cluster", "only SO and VSO schools have a cluster");
    }
}

public sealed record Municipality(string Code, string Name)
{
    public IEnumerable<FieldError> Validate(string prefix = "")
    {
        if (!Codes.IsMunicipalityCode(Code)) yield return new(prefix + "code", Codes.MunicipalityFormat);
        if (string.IsNullOrWhiteSpace(Name)) yield return new(prefix + "name", "is required");
    }
}

/// <summary>The ouder- en jeugdsteunpunt: where parents and young people get information and support.</summary>
public sealed record SupportPoint(string Name, string? Email, string? Phone);
