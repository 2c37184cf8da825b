using Coordination.Domain.Common;

namespace Coordination.Domain.Registry;

/// <summary>
/// Reads the registry CSV (semicolon-separated, like Dutch public data files; format in the README).
/// One header line, then rows of three kinds told apart by the first column: verband, gemeente, school.
/// A bad row is reported with its row number and reason; the good rows are kept.
/// </summary>
public static class RegistryCsv
{
    public static readonly string[] Header = ["soort", "verband", "code", "naam", "type", "gemeente", "cluster", "jeugdzorgregio", "steunpunt", "email", "telefoon"];

    public sealed record RowError(int Row, string Field, string Message);

    /// <summary>A verband assembled from its rows, with the row number of each municipality and school for error reports.</summary>
    public sealed record ParsedVerband(VerbandRegistration Registration, int Row, IReadOnlyList<int> MunicipalityRows, IReadOnlyList<int> SchoolRows);

    public sealed record Result(IReadOnlyList<ParsedVerband> Verbanden, IReadOnlyList<RowError> Errors, int Rows);

    private sealed class Builder(int row, string code, string name, string region, SupportPoint? support)
    {
        public int Row { get; } = row;
        public string Code { get; } = code;
        public List<(int Row, Municipality Value)> Municipalities { get; } = [];
        public List<(int Row, School Value)> Schools { get; } = [];
        public ParsedVerband Build() => new(
            new VerbandRegistration(Code, name, region, Municipalities.Select(m => m.Value).ToList(), Schools.Select(s => s.Value).ToList(), support),
            Row, Municipalities.Select(m => m.Row).ToList(), Schools.Select(s => s.Row).ToList());
    }

    public static Result Parse(string text)
    {
        var errors = new List<RowError>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        if (lines.Length == 0 || !SameHeader(lines[0]))
            return new([], [new RowError(1, "header", $"the first line must be: {string.Join(';', Header)}")], 0);

        var verbanden = new Dictionary<string, Builder>();
        var pending = new List<(int Row, string[] Cells)>();
        var rows = 0;
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            rows++;
            var row = i + 1;
            var cells = lines[i].Split(';').Select(c => c.Trim().Trim('"')).ToArray();
            if (cells.Length != Header.Length) { errors.Add(new(row, "row", $"has {cells.Length} columns, expected {Header.Length}")); continue; }
            if (cells[0] == "verband") ReadVerband(row, cells, verbanden, errors);
            else if (cells[0] is "gemeente" or "school") pending.Add((row, cells));
            else errors.Add(new(row, "soort", "must be verband, gemeente or school"));
        }
        // Members may come before their verband's row: attach them once every verband is known.
        foreach (var (row, cells) in pending)
        {
            if (!verbanden.TryGetValue(cells[1], out var owner)) { errors.Add(new(row, "verband", $"no verband row for '{cells[1]}' in this file")); continue; }
            if (cells[0] == "gemeente") ReadMunicipality(row, cells, owner, errors);
            else ReadSchool(row, cells, owner, errors);
        }
        return new(verbanden.Values.Select(b => b.Build()).ToList(), errors.OrderBy(e => e.Row).ToList(), rows);
    }

    private static void ReadVerband(int row, string[] c, Dictionary<string, Builder> verbanden, List<RowError> errors)
    {
        if (!Codes.IsVerbandCode(c[1])) { errors.Add(new(row, "verband", Codes.VerbandFormat)); return; }
        if (string.IsNullOrWhiteSpace(c[3])) { errors.Add(new(row, "naam", "is required")); return; }
        if (string.IsNullOrWhiteSpace(c[7])) { errors.Add(new(row, "jeugdzorgregio", "is required")); return; }
        if (verbanden.ContainsKey(c[1])) { errors.Add(new(row, "verband", $"{c[1]} has a verband row already")); return; }
        var support = string.IsNullOrWhiteSpace(c[8]) ? null : new SupportPoint(c[8], Blank(c[9]), Blank(c[10]));
        verbanden[c[1]] = new Builder(row, c[1], c[3], c[7], support);
    }

    private static void ReadMunicipality(int row, string[] c, Builder owner, List<RowError> errors)
    {
        var m = new Municipality(c[2], c[3]);
        if (m.Validate().FirstOrDefault() is { } e) { errors.Add(new(row, CsvField(e.Field), e.Message)); return; }
        if (owner.Municipalities.Any(x => x.Value.Code == m.Code)) { errors.Add(new(row, "code", $"{m.Code} is listed twice for {owner.Code}")); return; }
        owner.Municipalities.Add((row, m));
    }

    private static void ReadSchool(int row, string[] c, Builder owner, List<RowError> errors)
    {
        if (!Enum.TryParse<SchoolType>(c[4], ignoreCase: true, out var type) || int.TryParse(c[4], out _))
        { errors.Add(new(row, "type", "must be one of BAO, SBO, SO, VO, PrO, VSO")); return; }
        int? cluster = null;
        if (!string.IsNullOrWhiteSpace(c[6]))
        {
            if (!int.TryParse(c[6], out var n)) { errors.Add(new(row, "cluster", "must be a number 1 to 4")); return; }
            cluster = n;
        }
        var school = new School(c[2], c[3], type, c[5], cluster);
        if (school.Validate().FirstOrDefault() is { } e) { errors.Add(new(row, CsvField(e.Field), e.Message)); return; }
        if (school.BelongsToNoVerband) { errors.Add(new(row, "cluster", "cluster 1 and 2 schools belong to no verband")); return; }
        if (type.SectorOf() != Codes.SectorOfVerband(owner.Code)) { errors.Add(new(row, "type", $"a {type} school does not belong to a {Codes.SectorOfVerband(owner.Code)} verband")); return; }
        if (owner.Schools.Any(x => x.Value.Code == school.Code)) { errors.Add(new(row, "code", $"{school.Code} is listed twice for {owner.Code}")); return; }
        owner.Schools.Add((row, school));
    }

    private static bool SameHeader(string line) =>
        line.TrimStart('\uFEFF').Split(';').Select(h => h.Trim().Trim('"').ToLowerInvariant()).SequenceEqual(Header);

    private static string? Blank(string s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static string CsvField(string field) => field switch { "name" => "naam", "municipality" => "gemeente", _ => field };
}
