namespace Coordination.Domain.Registry;

/// <summary>PO: primary education (basisonderwijs, SBO, SO). VO: secondary (VO, PrO, VSO).</summary>
public enum Sector { PO, VO }

/// <summary>
/// BAO basisonderwijs, SBO speciaal basisonderwijs, SO speciaal onderwijs (PO); VO voortgezet onderwijs,
/// PrO praktijkonderwijs, VSO voortgezet speciaal onderwijs (VO).
/// </summary>
public enum SchoolType { BAO, SBO, SO, VO, PrO, VSO }

public static class SchoolTypes
{
    public static Sector SectorOf(this SchoolType type) => type is SchoolType.BAO or SchoolType.SBO or SchoolType.SO ? Sector.PO : Sector.VO;

    /// <summary>The school types a TLV admits to: SBO, SO and VSO.</summary>
    public static bool NeedsTlv(this SchoolType type) => type is SchoolType.SBO or SchoolType.SO or SchoolType.VSO;

    /// <summary>SO and VSO TLVs carry a funding category (laag, midden, hoog); SBO does not.</summary>
    public static bool HasFundingCategory(this SchoolType type) => type is SchoolType.SO or SchoolType.VSO;
}
