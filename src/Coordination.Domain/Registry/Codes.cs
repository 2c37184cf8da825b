using System.Text.RegularExpressions;

namespace Coordination.Domain.Registry;

/// <summary>The formats of the identifiers the registry accepts, with the message a user sees when one is wrong.</summary>
public static partial class Codes
{
    /// <summary>A verband code: its sector and four digits (region and number), e.g. PO2001, VO2001.</summary>
    public static bool IsVerbandCode(string? code) => code is not null && VerbandPattern().IsMatch(code);
    public const string VerbandFormat = "must be PO or VO followed by four digits, e.g. PO2001";

    /// <summary>A CBS municipality code: GM and four digits, e.g. GM0344 (Utrecht).</summary>
    public static bool IsMunicipalityCode(string? code) => code is not null && MunicipalityPattern().IsMatch(code);
    public const string MunicipalityFormat = "must be GM followed by four digits, e.g. GM0344";

    /// <summary>A school (vestiging): BRIN (two digits, two letters) and a two-digit vestiging number, e.g. 12AB00.</summary>
    public static bool IsSchoolCode(string? code) => code is not null && SchoolPattern().IsMatch(code);
    public const string SchoolFormat = "must be a BRIN (two digits, two capital letters) and a two-digit vestiging number, e.g. 12AB00";

    public static Sector SectorOfVerband(string code) => code.StartsWith("PO", StringComparison.Ordinal) ? Sector.PO : Sector.VO;

    [GeneratedRegex("^(PO|VO)[0-9]{4}$")] private static partial Regex VerbandPattern();
    [GeneratedRegex("^GM[0-9]{4}$")] private static partial Regex MunicipalityPattern();
    [GeneratedRegex("^[0-9]{2}[A-Z]{2}[0-9]{2}$")] private static partial Regex SchoolPattern();
}
