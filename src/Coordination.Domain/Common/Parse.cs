using System.Globalization;

namespace Coordination.Domain.Common;

/// <summary>Reads text fields into typed values, adding a field error instead of throwing.</summary>
public static class Parse
{
    public static DateOnly? Date(Errors errors, string field, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors.Add(field, "is required (yyyy-MM-dd)");
            return null;
        }
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && date.Year is >= 1990 and <= 2200)
            return date;
        errors.Add(field, "must be a date as yyyy-MM-dd");
        return null;
    }

    /// <summary>Reads an enum by name (never by number); triggers are exact names, so they pass ignoreCase: false.</summary>
    public static TEnum? Enum<TEnum>(Errors errors, string field, string? value, bool required, bool ignoreCase = true) where TEnum : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors.Add(field, $"is required: one of {string.Join(", ", System.Enum.GetNames<TEnum>())}");
            return null;
        }
        if (System.Enum.TryParse<TEnum>(value, ignoreCase, out var parsed) && System.Enum.IsDefined(parsed)
            && !int.TryParse(value, out _))
            return parsed;
        errors.Add(field, $"must be one of {string.Join(", ", System.Enum.GetNames<TEnum>())}");
        return null;
    }

    public static string? Text(Errors errors, string field, string? value, bool required, int max = 500)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors.Add(field, "is required");
            return null;
        }
        if (value.Length > max) { errors.Add(field, $"must be at most {max} characters"); return null; }
        // Control characters have no place in a name or a reason, and PostgreSQL's jsonb (history, boards) refuses NUL.
        if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))) { errors.Add(field, "must not contain control characters"); return null; }
        return value.Trim();
    }
}
