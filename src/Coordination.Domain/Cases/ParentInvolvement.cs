using Coordination.Domain.Common;

namespace Coordination.Domain.Cases;

/// <summary>
/// Whether the parents know of a signal. Parents are involved in every signal, unless a real danger to the child,
/// a teacher or a care worker is stated; from 16 the student decides (and that it was the student is recorded).
/// </summary>
public sealed record ParentInvolvement(bool Informed, string DecidedBy, string? WithholdReason)
{
    public const string Student = "student";
    public const string Professional = "professional";
    public const int StudentDecidesFrom = 16;

    /// <summary>Checks the three fields of a signal against the child's age; null (with field errors) when they do not hold.</summary>
    public static ParentInvolvement? Read(Errors errors, bool? informed, string? decidedBy, string? withholdReason, DateOnly dateOfBirth, DateOnly today)
    {
        if (informed is null) { errors.Add("parentsInformed", "is required: say whether the parents were informed"); return null; }
        var age = today.Year - dateOfBirth.Year - (today < dateOfBirth.AddYears(today.Year - dateOfBirth.Year) ? 1 : 0);
        var studentDecides = age >= StudentDecidesFrom;
        if (studentDecides && decidedBy != Student)
        {
            errors.Add("parentsDecidedBy", $"the student is {age}: from {StudentDecidesFrom} the student decides whether parents are involved; send \"{Student}\"");
            return null;
        }
        if (!studentDecides && decidedBy is not null && decidedBy != Professional)
        {
            errors.Add("parentsDecidedBy", $"below {StudentDecidesFrom} the professional decides; leave it out or send \"{Professional}\"");
            return null;
        }
        var reason = Parse.Text(errors, "withholdReason", withholdReason, required: false, max: 2000);
        if (informed == false && !studentDecides && reason is null && !errors.Items.Any(e => e.Field == "withholdReason"))
            errors.Add("withholdReason", "is required: parents are only left out for a stated danger to the child, a teacher or a care worker");
        return errors.Any ? null : new ParentInvolvement(informed.Value, studentDecides ? Student : Professional, informed == false ? reason : null);
    }

    public void AddTo(IDictionary<string, string> details)
    {
        details["parentsInformed"] = Informed ? "yes" : "no";
        details["parentsDecidedBy"] = DecidedBy;
        if (WithholdReason is not null) details["withholdReason"] = WithholdReason;
    }
}
