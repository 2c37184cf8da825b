namespace Coordination.Domain.Common;

/// <summary>One reason why input was refused, naming the field (camelCase, as the API spells it).</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>Collects field errors while a request is checked; nothing is changed while any exist.</summary>
public sealed class Errors
{
    private readonly List<FieldError> _items = [];

    public IReadOnlyList<FieldError> Items => _items;
    public bool Any => _items.Count > 0;

    public Errors Add(string field, string message)
    {
        _items.Add(new FieldError(field, message));
        return this;
    }

    public Errors Require(string field, object? value) =>
        value is null || value is string s && string.IsNullOrWhiteSpace(s) ? Add(field, "is required") : this;

    public Errors AddRange(IEnumerable<FieldError> errors, string prefix = "")
    {
        foreach (var e in errors) _items.Add(e with { Field = prefix + e.Field });
        return this;
    }
}
