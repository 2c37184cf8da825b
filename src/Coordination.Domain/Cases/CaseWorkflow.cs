using Coordination.Domain.Common;
using Coordination.Domain.Registry;

namespace Coordination.Domain.Cases;

/// <summary>
/// Applies commands to a case: checks the trigger against the machine, the data against the rules and the
/// registry, and only then changes the record and appends one history event. A refused command changes nothing.
/// </summary>
public sealed class CaseWorkflow
{
    private readonly CaseRecord _c;
    private DateTimeOffset _now;

    public CaseWorkflow(CaseRecord record) => _c = record;

    /// <summary>The case's machine as of now; bound anew on every use, since it may not be kept (<see cref="CaseMachine"/>).</summary>
    private CaseMachine Machine => new(_c, _now);

    public IReadOnlyList<string> PermittedTriggers(DateTimeOffset now)
    {
        _now = now;
        return Machine.PermittedTriggers;
    }

    /// <summary>The facts a command may change, worked on before anything is committed.</summary>
    private sealed class Draft(CaseRecord c)
    {
        public Sector Sector { get; set; } = c.Sector;
        public Student Student { get; set; } = c.Student;
        public Application? Application { get; set; } = c.Application;
        public ZorgplichtClock? Zorgplicht { get; set; } = c.Zorgplicht;
        public ThuiszitterClock? Thuiszitter { get; set; } = c.Thuiszitter;
        public List<ExpertAdvice> Advices { get; } = [.. c.Advices];
        public TlvDecision? Decision { get; set; } = c.Decision;
        public Tlv? Tlv { get; set; } = c.CurrentTlv;
        public List<Signal> Signals { get; } = [.. c.Signals];
        public Dictionary<string, string> Details { get; } = [];

        public bool MunicipalityJoined => Signals.Any(s => s.Kind is SignalKind.Leerplicht or SignalKind.Jeugdhulp);

        /// <summary>The school whose verband is involved: where the child goes, else where it applied.</summary>
        public string? InvolvedSchool => Student.School ?? (Zorgplicht is { Running: true } ? Application?.School : null);

        public IReadOnlyList<Party> Parties(RegistrySnapshot registry) =>
            PartyDerivation.Derive(Sector, Student with { School = InvolvedSchool }, Tlv, MunicipalityJoined, registry);
    }

    public static Outcome Open(CaseRecord c, string id, NewCase request, RegistrySnapshot registry, Actor actor, DateTimeOffset now)
    {
        var errors = new Errors();
        var today = DutchTime.Today(now);
        var s = request.Student;
        if (s is null) return Outcome.InvalidField("student", "is required");
        var name = Parse.Text(errors, "student.name", s.Name, required: true, max: 200);
        var birth = Parse.Date(errors, "student.dateOfBirth", s.DateOfBirth, required: true);
        if (birth is { } b && (b > today.AddYears(-2) || b <= today.AddYears(-24)))
            errors.Add("student.dateOfBirth", "must make the child between 2 and 23 years old");
        if (!Codes.IsMunicipalityCode(s.Municipality)) errors.Add("student.municipality", Codes.MunicipalityFormat);
        var school = SchoolField(errors, "student.school", s.School, registry, required: false);
        var sector = Parse.Enum<Sector>(errors, "sector", request.Sector, required: school is null);
        if (school is not null)
        {
            if (sector is { } given && given != school.Type.SectorOf()) errors.Add("sector", $"the school is {school.Type.SectorOf()}");
            sector = school.Type.SectorOf();
        }
        var reason = Parse.Text(errors, "reason", request.Reason, required: false);
        var outSince = Parse.Date(errors, "outOfSchoolSince", request.OutOfSchoolSince, required: false);
        if (outSince > today) errors.Add("outOfSchoolSince", "cannot be in the future");
        School? applied = null;
        DateOnly? receivedOn = null;
        if (request.Application is { } app)
        {
            applied = SchoolField(errors, "application.school", app.School, registry, required: true);
            receivedOn = Parse.Date(errors, "application.receivedOn", app.ReceivedOn, required: true);
            if (receivedOn > today) errors.Add("application.receivedOn", "cannot be in the future");
            if (applied is not null && sector is { } sec && applied.Type.SectorOf() != sec)
                errors.Add("application.school", $"a {applied.Type} school is not in sector {sec}");
        }
        var parents = birth is { } born ? ParentInvolvement.Read(errors, request.ParentsInformed, request.ParentsDecidedBy, request.WithholdReason, born, today) : null;
        if (errors.Any) return new Outcome.Invalid(errors.Items);

        var draft = new Draft(new CaseRecord { Sector = sector!.Value, Student = new Student(name!, birth!.Value, s.Municipality!, school?.Code) });
        var work = new CaseWorkflow(c) { _now = now };
        if (applied is not null) work.StartZorgplicht(draft, applied, receivedOn!.Value, registry);
        if (outSince is { } since) work.StartThuiszitter(draft, since, registry);
        // The municipality where the child lives opens a case through leerplicht, and so joins it as a party (as a
        // leerplicht signal would make it): otherwise it could not read the case it raised.
        if (actor.Organisation == draft.Student.Municipality)
        {
            draft.Signals.Add(new Signal(SignalKind.Leerplicht, today, parents!.Informed, reason, parents.DecidedBy, parents.WithholdReason));
            draft.Details["signal"] = nameof(SignalKind.Leerplicht);
        }
        var parties = draft.Parties(registry);
        if (CheckParties(draft, parties, registry, "student.") is { } refused) return refused;
        // Who opens a case about a child must be one of those it concerns, or the municipality where the child lives
        // (leerplicht reports a child out of school): anyone else would learn of a child it has no part in, from the
        // answer, and stand in its history as the one who raised it.
        if (actor.Organisation != draft.Student.Municipality && !CaseAccess.IsParty(actor.Organisation, parties, draft.Student.School, draft.Zorgplicht))
            return new Outcome.Forbidden($"{actor.Organisation} is not among those this case concerns: its verbanden, the child's school, the school it applies to, or the municipality where it lives");

        parents!.AddTo(draft.Details);
        c.Id = id;
        c.CreatedAt = now;
        c.State = CaseState.Aangemeld;
        work.Commit(draft, parties);
        c.Record(now, actor, applied is null ? "Signal" : "Application", reason, CaseState.Aangemeld, draft.Details);
        return new Outcome.Accepted(c.Version);
    }

    public Outcome Apply(CaseCommand cmd, RegistrySnapshot registry, Actor actor, DateTimeOffset now)
    {
        _now = now;
        var parsed = new Errors();
        if (Parse.Enum<CaseTrigger>(parsed, "trigger", cmd.Trigger, required: true, ignoreCase: false) is not { } trigger) return new Outcome.Invalid(parsed.Items);
        if (CaseAccess.RoleRefusal(actor.Organisation, _c.Parties, trigger) is { } notTheirs) return new Outcome.Forbidden(notTheirs);
        if (!Machine.CanFire(trigger, out var unmet))
        {
            var why = unmet is { Count: > 0 } ? $"{trigger} needs {string.Join(" and ", unmet)}" : $"{trigger} is not permitted while the case is {_c.State}";
            return new Outcome.NotPermitted(trigger.ToString(), _c.State.ToString(),
                CaseAccess.PermittedTo(actor.Organisation, _c.Parties, _c.Student.School, _c.Zorgplicht, Machine.PermittedTriggers), why);
        }

        var draft = new Draft(_c);
        var errors = new Errors();
        var reason = Parse.Text(errors, "reason", cmd.Reason, required: NeedsReason(trigger));
        Prepare(trigger, cmd, draft, registry, errors);
        if (errors.Any) return new Outcome.Invalid(errors.Items);

        var parties = draft.Parties(registry);
        if (CheckParties(draft, parties, registry, "") is { } refused) return refused;

        var from = _c.State;
        Machine.Fire(trigger);
        Commit(draft, parties);
        _c.Record(now, actor, trigger.ToString(), reason, from, draft.Details.Count > 0 ? draft.Details : null);
        return new Outcome.Accepted(_c.Version);
    }

    /// <summary>Recomputes the parties against a changed registry (a verband merged); true when they changed.</summary>
    public bool RefreshParties(RegistrySnapshot registry, Actor actor, DateTimeOffset now, string why = "the registry changed (a verband merged)")
    {
        var parties = new Draft(_c).Parties(registry);
        static string Key(IEnumerable<Party> ps) => string.Join(";", ps.Select(p => $"{p.Kind}:{p.Code}:{string.Join(",", p.Roles)}"));
        if (Key(parties) == Key(_c.Parties)) return false;
        _c.Parties = [.. parties];
        _c.Record(now, actor, "PartiesChanged", why, _c.State,
            new Dictionary<string, string> { ["verbanden"] = string.Join(",", parties.Verbanden()) });
        return true;
    }

    /// <summary>Moves the clocks to now and records what they did, each as its own history event.</summary>
    public IReadOnlyList<ClockEvent> AdvanceClocks(DateTimeOffset now)
    {
        _now = now;
        var events = CaseClocks.Advance(_c, now);
        foreach (var e in events) _c.Record(now, Actor.System, e.What, e.Reason, _c.State, e.Details);
        return events;
    }

    private static bool NeedsReason(CaseTrigger t) =>
        t is CaseTrigger.RefuseTlv or CaseTrigger.FileBezwaar or CaseTrigger.ReconsiderTlv or CaseTrigger.DismissBezwaar
            or CaseTrigger.ExtendZorgplicht or CaseTrigger.Close;

    /// <summary>Checks the data of one trigger and works out its effect on the draft.</summary>
    private void Prepare(CaseTrigger trigger, CaseCommand cmd, Draft d, RegistrySnapshot registry, Errors errors)
    {
        var today = DutchTime.Today(_now);
        switch (trigger)
        {
            case CaseTrigger.OfferArrangement:
            {
                var school = SchoolField(errors, "school", cmd.School, registry, required: d.Student.School is null);
                if (school is { } s && s.Type.NeedsTlv()) errors.Add("school", "an arrangement is support at a regular school; SBO, SO and VSO need a TLV");
                if (errors.Any) return;
                if (school is not null) ChangeSchoolTo(d, school.Code, today);
                FulfilZorgplicht(d, today);
                break;
            }
            case CaseTrigger.RequestTlv:
            {
                var type = TlvSchoolType(errors, cmd.SchoolType, d.Sector);
                if (errors.Any) return;
                d.Advices.Clear();
                d.Details["schoolType"] = type.ToString()!;
                break;
            }
            case CaseTrigger.RecordExpertAdvice:
            {
                var expert = Parse.Text(errors, "expert", cmd.Expert, required: true, max: 200);
                var discipline = Parse.Text(errors, "discipline", cmd.Discipline, required: true, max: 100);
                var on = Parse.Date(errors, "date", cmd.Date, required: false) ?? today;
                if (on > today) errors.Add("date", "cannot be in the future");
                if (expert is not null && d.Advices.Any(a => string.Equals(a.Expert, expert, StringComparison.OrdinalIgnoreCase)))
                    errors.Add("expert", "this expert already gave advice; the law asks for two different experts");
                if (errors.Any) return;
                d.Advices.Add(new ExpertAdvice(expert!, discipline!, on));
                d.Details["expert"] = expert!;
                d.Details["discipline"] = discipline!;
                break;
            }
            case CaseTrigger.GrantTlv:
            {
                var type = TlvSchoolType(errors, cmd.SchoolType, d.Sector);
                var category = Parse.Enum<FundingCategory>(errors, "category", cmd.Category, required: type?.HasFundingCategory() == true);
                if (type is { } t2 && !t2.HasFundingCategory() && category is not null)
                    errors.Add("category", "an SBO TLV has no funding category");
                var start = Parse.Date(errors, "startDate", cmd.StartDate, required: true);
                var end = Parse.Date(errors, "endDate", cmd.EndDate, required: true);
                if (start is { } s1 && end is { } e1 && e1 < s1.AddYears(1))
                    errors.Add("endDate", "a TLV lasts at least one year after its start date");
                if (!Codes.IsVerbandCode(cmd.IssuedBy)) errors.Add("issuedBy", Codes.VerbandFormat);
                else if (!registry.Verbanden.ContainsKey(cmd.IssuedBy!)) errors.Add("issuedBy", "is not a known verband");
                else if (Codes.SectorOfVerband(cmd.IssuedBy!) != d.Sector) errors.Add("issuedBy", $"must be a {d.Sector} verband");
                if (errors.Any) return;
                var tlv = new Tlv(cmd.IssuedBy!, type!.Value, category, start!.Value, end!.Value);
                d.Decision = new TlvDecision(true, today, null);
                d.Tlv = tlv;
                d.Details["issuedBy"] = tlv.IssuedBy;
                d.Details["schoolType"] = tlv.SchoolType.ToString();
                if (category is not null) d.Details["category"] = category.ToString()!;
                d.Details["period"] = $"{tlv.StartDate:yyyy-MM-dd}/{tlv.EndDate:yyyy-MM-dd}";
                break;
            }
            case CaseTrigger.RefuseTlv:
                d.Decision = new TlvDecision(false, today, cmd.Reason);
                break;
            case CaseTrigger.Place:
            {
                var school = SchoolField(errors, "school", cmd.School, registry, required: true);
                if (school is { } s)
                {
                    if (s.Type.SectorOf() != d.Sector) errors.Add("school", $"a {s.Type} school is not in sector {d.Sector}");
                    else if (s.Type.NeedsTlv() && d.Tlv?.SchoolType != s.Type)
                        errors.Add("school", $"a place at an {s.Type} school needs a current TLV for {s.Type}");
                }
                if (errors.Any) return;
                ChangeSchoolTo(d, school!.Code, today);
                FulfilZorgplicht(d, today);
                break;
            }
            case CaseTrigger.HandOverToVo:
            {
                var school = SchoolField(errors, "school", cmd.School, registry, required: false);
                if (school is { } s && s.Type.SectorOf() != Sector.VO) errors.Add("school", "must be a VO, PrO or VSO school");
                var received = Parse.Date(errors, "date", cmd.Date, required: false);
                if (received > today) errors.Add("date", "cannot be in the future");
                if (errors.Any) return;
                FulfilZorgplicht(d, today);
                // A PO TLV (SBO, SO) does not admit to VSO: the VO verband decides anew.
                d.Sector = Sector.VO;
                d.Student = d.Student with { School = null };
                d.Tlv = null;
                if (school is not null && received is { } on) StartZorgplicht(d, school, on, registry);
                d.Details["to"] = "VO";
                break;
            }
            case CaseTrigger.ReceiveApplication:
            {
                var school = SchoolField(errors, "school", cmd.School, registry, required: true);
                var on = Parse.Date(errors, "date", cmd.Date, required: true);
                if (on > today) errors.Add("date", "cannot be in the future");
                if (school is { } s && s.Type.SectorOf() != d.Sector) errors.Add("school", $"a {s.Type} school is not in sector {d.Sector}");
                if (errors.Any) return;
                StartZorgplicht(d, school!, on!.Value, registry);
                break;
            }
            case CaseTrigger.ExtendZorgplicht:
            {
                var z = d.Zorgplicht!;
                if (cmd.Weeks is not { } weeks) errors.Add("weeks", "is required");
                else if (weeks < 1 || weeks > z.MaxExtensionWeeks) errors.Add("weeks", $"must be between 1 and {z.MaxExtensionWeeks}");
                if (errors.Any) return;
                var extended = z with { ExtensionWeeks = cmd.Weeks!.Value, ExtensionReason = cmd.Reason };
                d.Zorgplicht = extended with { Warned = extended.Warned && today >= extended.WarnOn };
                d.Details["deadline"] = extended.Deadline.ToString("yyyy-MM-dd");
                break;
            }
            case CaseTrigger.Move:
            {
                if (!Codes.IsMunicipalityCode(cmd.Municipality)) { errors.Add("municipality", Codes.MunicipalityFormat); return; }
                if (cmd.Municipality == d.Student.Municipality) { errors.Add("municipality", "the child already lives there"); return; }
                d.Details["from"] = d.Student.Municipality;
                d.Details["to"] = cmd.Municipality!;
                d.Student = d.Student with { Municipality = cmd.Municipality! };
                break;
            }
            case CaseTrigger.ChangeSchool:
            {
                var school = SchoolField(errors, "school", cmd.School, registry, required: false);
                var on = Parse.Date(errors, "date", cmd.Date, required: true);
                if (on > today) errors.Add("date", "cannot be in the future");
                if (school is { } s && s.Type.SectorOf() != d.Sector) errors.Add("school", $"a {s.Type} school is not in sector {d.Sector}");
                if (school is { } s2 && s2.Type.NeedsTlv() && d.Tlv?.SchoolType != s2.Type)
                    errors.Add("school", $"an {s2.Type} school admits with a current TLV for {s2.Type}");
                if (errors.Any) return;
                if (school is null)
                {
                    d.Student = d.Student with { School = null };
                    if (d.Thuiszitter is not { Running: true }) StartThuiszitter(d, on!.Value, registry);
                    d.Details["school"] = "none";
                }
                else ChangeSchoolTo(d, school.Code, on!.Value);
                break;
            }
            case CaseTrigger.RecordOutOfSchool:
            {
                var since = Parse.Date(errors, "date", cmd.Date, required: true);
                if (since > today) errors.Add("date", "cannot be in the future");
                if (errors.Any) return;
                StartThuiszitter(d, since!.Value, registry);
                break;
            }
            case CaseTrigger.RecordSignal:
            {
                var kind = Parse.Enum<SignalKind>(errors, "signal", cmd.Signal, required: true);
                var parents = ParentInvolvement.Read(errors, cmd.ParentsInformed, cmd.ParentsDecidedBy, cmd.WithholdReason, d.Student.DateOfBirth, today);
                var note = Parse.Text(errors, "reason", cmd.Reason, required: false);
                if (errors.Any) return;
                d.Signals.Add(new Signal(kind!.Value, today, parents!.Informed, note, parents.DecidedBy, parents.WithholdReason));
                d.Details["signal"] = kind.ToString()!;
                parents.AddTo(d.Details);
                break;
            }
            case CaseTrigger.Close:
                FulfilZorgplicht(d, today);
                if (d.Thuiszitter is { Running: true } out1) d.Thuiszitter = out1 with { EndedOn = today };
                break;
            // StartIntake, StartPlacement, FileBezwaar, ReconsiderTlv, DismissBezwaar carry no data beyond the reason.
        }
    }

    private void StartZorgplicht(Draft d, School school, DateOnly receivedOn, RegistrySnapshot registry)
    {
        var policy = PolicyOf(registry.Schools.GetValueOrDefault(school.Code)?.Verband, registry);
        var clock = new ZorgplichtClock(school.Code, receivedOn, policy.ZorgplichtWeeks, policy.ZorgplichtExtensionWeeks);
        d.Application = new Application(school.Code, receivedOn);
        d.Zorgplicht = clock;
        d.Details["application"] = school.Code;
        d.Details["zorgplichtDeadline"] = clock.Deadline.ToString("yyyy-MM-dd");
    }

    private void StartThuiszitter(Draft d, DateOnly since, RegistrySnapshot registry)
    {
        var lead = registry.Schools.GetValueOrDefault(d.InvolvedSchool ?? "")?.Verband ?? registry.ResidenceVerband(d.Student.Municipality, d.Sector);
        var clock = new ThuiszitterClock(since, PolicyOf(lead, registry).ThuiszitterWeeks);
        d.Thuiszitter = clock;
        d.Details["outOfSchoolSince"] = since.ToString("yyyy-MM-dd");
    }

    private static void ChangeSchoolTo(Draft d, string school, DateOnly on)
    {
        if (d.Thuiszitter is { Running: true } t) d.Thuiszitter = t with { EndedOn = on };
        d.Details["school"] = school;
        d.Student = d.Student with { School = school };
    }

    private static void FulfilZorgplicht(Draft d, DateOnly on)
    {
        if (d.Zorgplicht is { Running: true } z) d.Zorgplicht = z with { FulfilledOn = on };
    }

    private void Commit(Draft d, IReadOnlyList<Party> parties)
    {
        _c.Sector = d.Sector;
        _c.Student = d.Student;
        _c.Application = d.Application;
        _c.Zorgplicht = d.Zorgplicht;
        _c.Thuiszitter = d.Thuiszitter;
        _c.Advices = d.Advices;
        _c.Decision = d.Decision;
        if (_c.CurrentTlv != d.Tlv) _c.TlvRenewalWarnedOn = null;
        _c.CurrentTlv = d.Tlv;
        _c.Signals = d.Signals;
        _c.Parties = [.. parties];
    }

    private static SchoolType? TlvSchoolType(Errors errors, string? value, Sector sector)
    {
        var type = Parse.Enum<SchoolType>(errors, "schoolType", value, required: true);
        if (type is not { } t || (t.NeedsTlv() && t.SectorOf() == sector)) return type;
        errors.Add("schoolType", sector == Sector.PO ? "must be SBO or SO" : "must be VSO");
        return null;
    }

    private static VerbandPolicy PolicyOf(string? verband, RegistrySnapshot registry) =>
        verband is not null && registry.Verbanden.TryGetValue(verband, out var v) ? v.Policy : VerbandPolicy.Default;

    private static School? SchoolField(Errors errors, string field, string? code, RegistrySnapshot registry, bool required)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            if (required) errors.Add(field, "is required");
            return null;
        }
        if (!Codes.IsSchoolCode(code)) { errors.Add(field, Codes.SchoolFormat); return null; }
        if (!registry.Schools.TryGetValue(code, out var entry)) { errors.Add(field, "is not a known school"); return null; }
        return entry.School;
    }

    /// <summary>
    /// A case needs a verband where the child lives and can only name Active verbanden; the error names the
    /// field that brought the verband in.
    /// </summary>
    private static Outcome? CheckParties(Draft draft, IReadOnlyList<Party> parties, RegistrySnapshot registry, string prefix)
    {
        if (registry.ResidenceVerband(draft.Student.Municipality, draft.Sector) is null)
            return Outcome.InvalidField(prefix + "municipality", $"no {draft.Sector} verband in the registry serves {draft.Student.Municipality}");
        var errors = new Errors();
        foreach (var party in parties.Where(p => p.Kind == PartyKind.Verband))
        {
            var field = party.Roles[0] switch
            {
                PartyRole.SchoolVerband => prefix + "school",
                PartyRole.ResidenceVerband => prefix + "municipality",
                _ => "issuedBy",
            };
            if (!registry.Verbanden.TryGetValue(party.Code, out var v)) errors.Add(field, $"verband {party.Code} is not registered");
            else if (v.State != VerbandState.Active) errors.Add(field, $"verband {party.Code} is {v.State}: a case can only name active verbanden");
        }
        return errors.Any ? new Outcome.Invalid(errors.Items) : null;
    }
}
