using System.Text.RegularExpressions;
using Coordination.Contracts;
using Coordination.Domain.Common;
using Coordination.Domain.Registry;

namespace Coordination.Server.Api;

/// <summary>POST /api/v1/import/verbanden: the registry from CSV, idempotent; bad rows reported, good rows kept.</summary>
public static partial class ImportEndpoints
{
    public const int MaxBytes = 5 * 1024 * 1024;

    public sealed record ImportReport(int Rows, IReadOnlyList<string> Verbanden, IReadOnlyList<RegistryCsv.RowError> Errors);

    public static void MapImportEndpoints(this IEndpointRouteBuilder api) =>
        api.MapPost("/import/verbanden", Import).WithTags("Import").Accepts<string>("text/csv")
            .RequireAuthorization(Security.Authentication.AdminPolicy);

    private static async Task<IResult> Import(HttpContext http, IGrainFactory grains)
    {
        if (http.Request.ContentLength > MaxBytes) return Problems.Invalid("body", $"must be at most {MaxBytes / 1024 / 1024} MB");
        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync(http.RequestAborted);
        if (text.Length > MaxBytes) return Problems.Invalid("body", $"must be at most {MaxBytes / 1024 / 1024} MB");
        if (string.IsNullOrWhiteSpace(text)) return Problems.Invalid("body", "is empty: send the CSV as the body");

        var report = await Run(text, grains, RequestContext.ActorOf(http));
        return report.Verbanden.Count == 0 && report.Errors.Count > 0
            ? TypedResults.UnprocessableEntity(report)
            : Answers.Ok(report);
    }

    /// <summary>Imports every verband of the file; the registry's refusals are mapped back to the rows they came from.</summary>
    public static async Task<ImportReport> Run(string csv, IGrainFactory grains, Actor actor)
    {
        var parsed = RegistryCsv.Parse(csv);
        var errors = parsed.Errors.ToList();
        var imported = new List<string>();
        foreach (var v in parsed.Verbanden)
        {
            var result = await grains.Grain<IVerbandGrain>(v.Registration.Code).Import(v.Registration, actor);
            switch (result.Outcome)
            {
                case Outcome.Accepted: imported.Add(v.Registration.Code); break;
                case Outcome.Invalid invalid: errors.AddRange(invalid.Errors.Select(e => RowOf(v, e))); break;
                case Outcome.NotPermitted n: errors.Add(new(v.Row, "verband", n.Reason)); break;
            }
        }
        return new ImportReport(parsed.Rows, imported, errors.OrderBy(e => e.Row).ToList());
    }

    private static RegistryCsv.RowError RowOf(RegistryCsv.ParsedVerband v, FieldError e)
    {
        var m = Indexed().Match(e.Field);
        if (m.Success)
        {
            var index = int.Parse(m.Groups[2].Value);
            var rows = m.Groups[1].Value == "schools" ? v.SchoolRows : v.MunicipalityRows;
            if (index < rows.Count) return new(rows[index], m.Groups[3].Value, e.Message);
        }
        return new(v.Row, e.Field, e.Message);
    }

    [GeneratedRegex(@"^(schools|municipalities)\[(\d+)\]\.?(.*)$")]
    private static partial Regex Indexed();
}
