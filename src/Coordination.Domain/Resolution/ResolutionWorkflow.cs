using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Domain.Registry;

namespace Coordination.Domain.Resolution;

/// <summary>
/// The joint-resolution protocol on a case: open (automatically when the case becomes multi-verband, or by
/// hand), propose, accept or object, agree; escalate when a deadline passes. Every accepted step is one event
/// in the case history; a refused step changes nothing.
/// </summary>
public static class ResolutionWorkflow
{
    public const string Opened = "CoordinationOpened";
    public const string Proposed = "ProposalMade";
    public const string Acknowledged = "RequestAcknowledged";
    public const string Accepted = "ProposalAccepted";
    public const string Objected = "ProposalObjected";
    public const string Agreed = "CoordinationAgreed";
    public const string Closed = "CoordinationClosed";
    public const string AgreementLapsed = "CoordinationAgreementLapsed";
    public const string ParticipantsChanged = "CoordinationParticipantsChanged";
    public const string ReferredToExpertteam = "ReferredToExpertteam";
    public const string OnderwijsconsulentInvolved = "OnderwijsconsulentInvolved";

    /// <summary>
    /// After any change to the case: lets an agreement lapse once a verband that made it is no party any more, opens
    /// a resolution when the case involves several verbanden and none is open or agreed among exactly them, and keeps
    /// the participants of an open one in line with the parties. A closed case closes its open resolution, and so does
    /// one left with a single verband by a change of parties: nobody is left to agree with, and its deadlines would
    /// send it up the ladder anyway.
    /// </summary>
    public static bool OpenOrSync(CaseRecord c, RegistrySnapshot registry, DateTimeOffset now)
    {
        var verbanden = c.Parties.Verbanden().ToList();
        var r = c.Resolution;
        if (c.State == CaseState.Afgesloten)
        {
            if (r is null || r.Ended) return false;
            Close(c, "the case was closed", now);
            return true;
        }
        var lapsed = LapseAgreement(c, verbanden, now);
        if (r is null || r.Ended)
        {
            if (verbanden.Count < 2) return lapsed;
            if (c.Agreement is { } agreed && agreed.Verbanden.Order().SequenceEqual(verbanden.Order())) return lapsed;
            Start(c, Actor.System, $"the case involves {string.Join(", ", verbanden)}", registry, now);
            return true;
        }

        var added = verbanden.Where(v => !r.IsParticipant(v)).ToList();
        var removed = r.Active.Where(q => !verbanden.Contains(q.Verband)).ToList();
        if (added.Count == 0 && removed.Count == 0) return lapsed;
        foreach (var q in removed) new RequestMachine(q).Fire(RequestTrigger.Close);
        foreach (var v in added) r.Requests.Add(new ParticipantRequest { Verband = v, RespondBy = DutchTime.AddWorkingDays(DutchTime.Today(now), PolicyOf(c, registry).ResponseWorkingDays) });
        c.Record(now, Actor.System, ParticipantsChanged, "the parties of the case changed", c.State, new Dictionary<string, string>
        {
            ["added"] = string.Join(",", added),
            ["removed"] = string.Join(",", removed.Select(q => q.Verband)),
        });
        // Left alone, a verband has nobody to agree with (it would agree with itself).
        if (r.Active.Count() < 2)
            Close(c, $"only {string.Join(", ", r.Active.Select(q => q.Verband))} is left in the case", now);
        // Opened by itself because other verbanden came in, and now back to exactly those whose agreement is in force,
        // with nothing proposed but the default: that agreement covers the case again, nothing is left to resolve.
        else if (r.OpenedBy == Actor.System.Organisation && r.Proposals.All(p => p.ProposedBy == DefaultProposer.Organisation)
            && c.Agreement is { } inForce && inForce.Verbanden.Order().SequenceEqual(verbanden.Order()))
            Close(c, $"the agreement of {string.Join(", ", inForce.Verbanden)} covers the case again", now);
        else
        {
            // While nobody has proposed anything else, the policy default follows the new parties (e.g. a new TLV
            // issuer pays); with the same terms it is no new proposal, and the acceptances of the current one stand.
            if (r.Current?.ProposedBy == DefaultProposer.Organisation && DefaultProposal(c) is var terms && !SameTerms(r.Current, terms))
                AddProposal(c, DefaultProposer, terms, now);
            // The one who had not accepted may be the one who left: then everyone left has agreed.
            TryAgree(c, now);
        }
        return true;
    }

    /// <summary>
    /// An agreement binds the verbanden that made it. A verband that joins the case later does not undo it (it holds
    /// until the new resolution agrees), but once one of them is no party any more (its TLV ended, the child moved,
    /// the case went from PO to VO) it no longer says who leads or pays: the case falls back to the policy defaults
    /// until its verbanden agree again. The resolution keeps it as what was agreed then, and so does the history.
    /// </summary>
    private static bool LapseAgreement(CaseRecord c, IReadOnlyList<string> verbanden, DateTimeOffset now)
    {
        // One verband alone agreed with itself (possible before a resolution needed two verbanden): that binds nobody.
        if (c.Agreement is not { } a || (a.Verbanden.All(verbanden.Contains) && a.Verbanden.Count > 1)) return false;
        c.Agreement = null;
        // The case's agreement is its last resolution's while that one stands agreed (a newer one replaces both).
        if (c.Resolution is { State: ResolutionState.Agreed } agreed) new ResolutionMachine(agreed).Fire(ResolutionTrigger.Lapse);
        var gone = a.Verbanden.Except(verbanden).ToList();
        var why = gone.Count == 0 ? $"{a.Verbanden[0]} agreed with nobody but itself"
            : $"{string.Join(", ", gone)} made the agreement and {(gone.Count == 1 ? "is" : "are")} no party to the case any more";
        c.Record(now, Actor.System, AgreementLapsed, why,
            c.State, new Dictionary<string, string> { ["version"] = a.Version.ToString(), ["verbanden"] = string.Join(",", a.Verbanden) });
        return true;
    }

    /// <summary>Ends the resolution without agreement: every request closes, no deadline runs any more.</summary>
    private static void Close(CaseRecord c, string why, DateTimeOffset now)
    {
        var r = c.Resolution!;
        new ResolutionMachine(r).Fire(ResolutionTrigger.Close);
        foreach (var q in r.Active.ToList()) new RequestMachine(q).Fire(RequestTrigger.Close);
        c.Record(now, Actor.System, Closed, why, c.State, new Dictionary<string, string> { ["resolution"] = r.Number.ToString() });
    }

    /// <summary>Opens a resolution by hand: any party verband, with a reason, for any special situation.</summary>
    public static Outcome OpenByHand(CaseRecord c, Actor actor, OpenInput input, RegistrySnapshot registry, DateTimeOffset now)
    {
        if (!c.Parties.Verbanden().Contains(actor.Organisation))
            return new Outcome.Forbidden($"{actor.Organisation} is not a party verband of this case");
        if (c.State == CaseState.Afgesloten) return Refused(c, actor, Step.Open, "the case is closed");
        if (c.Resolution is { Ended: false })
            return Refused(c, actor, Step.Open, "a resolution is already open for this case");
        // Alone a verband has nobody to agree with: it would agree with itself, and that agreement would then stand
        // against the verbanden that join later.
        if (c.Parties.Verbanden().Count() < 2)
            return Refused(c, actor, Step.Open, $"a resolution needs two verbanden, and this case involves only {actor.Organisation}");
        var errors = new Errors();
        var reason = Parse.Text(errors, "reason", input.Reason, required: true, max: 2000);
        if (errors.Any) return new Outcome.Invalid(errors.Items);
        Start(c, actor, reason!, registry, now);
        return new Outcome.Accepted(c.Version);
    }

    public static Outcome Propose(CaseRecord c, Actor actor, ProposalInput input, RegistrySnapshot registry, DateTimeOffset now)
    {
        if (Check(c, actor, Step.Propose) is { } refused) return refused;
        var errors = new Errors();
        var read = input.Read(errors, "", c.Resolution!, registry, DutchTime.Today(now));
        if (read is null) return new Outcome.Invalid(errors.Items);
        // The same terms again would only wipe the answers already given to them.
        if (c.Resolution!.Current is { } current && SameTerms(current, read.Value))
            return Refused(c, actor, Step.Propose, $"version {current.Version} proposes these terms already: accept it instead");
        AddProposal(c, actor, read.Value, now);
        TryAgree(c, now);
        return new Outcome.Accepted(c.Version);
    }

    /// <summary>A verband says it has seen the request and is working on it (no longer "no response").</summary>
    public static Outcome Acknowledge(CaseRecord c, Actor actor, DateTimeOffset now)
    {
        if (Check(c, actor, Step.Acknowledge) is { } refused) return refused;
        var request = RequestOf(c.Resolution!, actor);
        new RequestMachine(request).Fire(RequestTrigger.Acknowledge);
        c.Record(now, actor, Acknowledged, null, c.State, new Dictionary<string, string> { ["verband"] = actor.Organisation });
        return new Outcome.Accepted(c.Version);
    }

    public static Outcome Accept(CaseRecord c, Actor actor, int version, DateTimeOffset now)
    {
        if (Check(c, actor, Step.Accept, version) is { } refused) return refused;
        var r = c.Resolution!;
        new RequestMachine(RequestOf(r, actor)).Fire(RequestTrigger.Accept);
        r.Answers.Add(new Answer(actor.Organisation, version, true, null, now));
        c.Record(now, actor, Accepted, null, c.State, new Dictionary<string, string> { ["version"] = version.ToString(), ["verband"] = actor.Organisation });
        TryAgree(c, now);
        return new Outcome.Accepted(c.Version);
    }

    /// <summary>An objection needs a reason and may carry a counter-proposal, which becomes the next version.</summary>
    public static Outcome Object(CaseRecord c, Actor actor, int version, ObjectionInput input, RegistrySnapshot registry, DateTimeOffset now)
    {
        if (Check(c, actor, Step.Object, version) is { } refused) return refused;
        var r = c.Resolution!;
        var errors = new Errors();
        var reason = Parse.Text(errors, "reason", input.Reason, required: true, max: 2000);
        var counter = input.CounterProposal?.Read(errors, "counterProposal.", r, registry, DutchTime.Today(now));
        if (errors.Any) return new Outcome.Invalid(errors.Items);
        if (counter is { } same && SameTerms(r.Current!, same))
            return new Outcome.Invalid([new FieldError("counterProposal", $"proposes the terms of version {r.Current!.Version}, which you object to: leave it out or change it")]);

        new RequestMachine(RequestOf(r, actor)).Fire(RequestTrigger.RaiseObjection);
        r.Answers.Add(new Answer(actor.Organisation, version, false, reason, now));
        c.Record(now, actor, Objected, reason, c.State, new Dictionary<string, string> { ["version"] = version.ToString(), ["verband"] = actor.Organisation });
        if (counter is { } proposal) AddProposal(c, actor, proposal, now);
        TryAgree(c, now);
        return new Outcome.Accepted(c.Version);
    }

    /// <summary>Climbs the escalation ladder for every deadline that passed without agreement.</summary>
    public static IReadOnlyList<ClockEvent> AdvanceDeadlines(CaseRecord c, DateTimeOffset now)
    {
        var events = new List<ClockEvent>();
        var today = DutchTime.Today(now);
        while (c.Resolution is { NextDeadline: { } deadline } r && today > deadline)
        {
            new ResolutionMachine(r).Fire(ResolutionTrigger.DeadlinePassed);
            if (r.State == ResolutionState.Expertteam)
            {
                r.ReferredToExpertteamAt = now;
                r.ExpertteamDeadline = DutchTime.AddWorkingDays(today, r.ExpertteamWorkingDays);
                events.Add(new(ReferredToExpertteam, $"no agreement by {deadline:yyyy-MM-dd}: referred to the expertteam of {r.Region}",
                    new Dictionary<string, string> { ["expertteam"] = r.Region, ["deadline"] = r.ExpertteamDeadline.Value.ToString("yyyy-MM-dd") }));
            }
            else
            {
                r.OnderwijsconsulentAt = now;
                r.Dossier = Dossier(c, now);
                events.Add(new(OnderwijsconsulentInvolved, $"still unresolved after the expertteam's term ({deadline:yyyy-MM-dd}): the onderwijsconsulent is involved",
                    new Dictionary<string, string> { ["dossier"] = r.Dossier }));
            }
        }
        return events;
    }

    /// <summary>The start of the Dutch day after the next deadline of the ladder.</summary>
    public static DateTimeOffset? NextDue(CaseRecord c) =>
        c.Resolution?.NextDeadline is { } deadline ? DutchTime.StartOf(deadline.AddDays(1)) : null;

    private static void Start(CaseRecord c, Actor actor, string reason, RegistrySnapshot registry, DateTimeOffset now)
    {
        var today = DutchTime.Today(now);
        var policy = PolicyOf(c, registry);
        var deadline = DutchTime.AddWorkingDays(today, policy.ResponseWorkingDays);
        var lead = c.Parties.LeadVerband()!;
        var r = new JointResolution
        {
            Number = (c.Resolution?.Number ?? 0) + 1,
            OpenedBy = actor.Organisation,
            Reason = reason,
            OpenedAt = now,
            ResponseDeadline = deadline,
            Region = registry.Verbanden.TryGetValue(lead, out var entry) ? entry.JeugdzorgRegio : "",
            ExpertteamWorkingDays = policy.ExpertteamWorkingDays,
            Requests = c.Parties.Verbanden().Select(v => new ParticipantRequest { Verband = v, RespondBy = deadline }).ToList(),
        };
        c.Resolution = r;
        c.Record(now, actor, Opened, reason, c.State, new Dictionary<string, string>
        {
            ["participants"] = string.Join(",", r.Requests.Select(q => q.Verband)),
            ["responseDeadline"] = deadline.ToString("yyyy-MM-dd"),
        });
        AddProposal(c, DefaultProposer, DefaultProposal(c), now);
    }

    /// <summary>Who makes the first proposal: the policy of the ondersteuningsplan, not a participant.</summary>
    public static readonly Actor DefaultProposer = new("policy", "default");

    /// <summary>The policy default: regie with the school's verband (who also bears arrangement costs), the TLV paid by its issuer.</summary>
    private static (string Regie, List<PayerShare> Payers, string? School, DateOnly? PlaceBy, string? Note) DefaultProposal(CaseRecord c)
    {
        var lead = c.Parties.LeadVerband()!;
        var payers = new List<PayerShare>();
        if (c.CurrentTlv is { } tlv && c.Resolution!.IsParticipant(tlv.IssuedBy)) payers.Add(new PayerShare(tlv.IssuedBy, CostKind.TlvFunding, 100));
        payers.Add(new PayerShare(lead, CostKind.ArrangementCosts, 100));
        var school = c.Student.School ?? (c.Zorgplicht is { Running: true } ? c.Application?.School : null);
        return (lead, payers, school, null, "default from the ondersteuningsplan");
    }

    /// <summary>Who leads, who pays what, which school and by when: what an acceptance agrees to (a note is not).</summary>
    private static bool SameTerms(Proposal current, (string Regie, List<PayerShare> Payers, string? School, DateOnly? PlaceBy, string? Note) p) =>
        current.Regie == p.Regie && current.School == p.School && current.PlaceBy == p.PlaceBy
        && current.Payers.OrderBy(x => x.Verband, StringComparer.Ordinal).ThenBy(x => x.Cost)
            .SequenceEqual(p.Payers.OrderBy(x => x.Verband, StringComparer.Ordinal).ThenBy(x => x.Cost));

    private static void AddProposal(CaseRecord c, Actor actor, (string Regie, List<PayerShare> Payers, string? School, DateOnly? PlaceBy, string? Note) p, DateTimeOffset now)
    {
        var r = c.Resolution!;
        new ResolutionMachine(r).Fire(ResolutionTrigger.Propose);
        var proposal = new Proposal(r.Proposals.Count + 1, actor.Organisation, now, p.Regie, p.Payers, p.School, p.PlaceBy, p.Note);
        r.Proposals.Add(proposal);
        foreach (var q in r.Active) new RequestMachine(q).Fire(RequestTrigger.NewProposal);
        var details = new Dictionary<string, string>
        {
            ["version"] = proposal.Version.ToString(),
            ["regie"] = proposal.Regie,
            ["payers"] = string.Join(",", proposal.Payers.Select(x => $"{x.Verband}:{x.Cost}:{x.Percent}%")),
        };
        if (proposal.School is not null) details["school"] = proposal.School;
        c.Record(now, actor, Proposed, p.Note, c.State, details);
        // Whoever proposes accepts their own proposal.
        if (r.IsParticipant(actor.Organisation))
        {
            new RequestMachine(RequestOf(r, actor)).Fire(RequestTrigger.Accept);
            r.Answers.Add(new Answer(actor.Organisation, proposal.Version, true, "proposed it", now));
        }
    }

    private static void TryAgree(CaseRecord c, DateTimeOffset now)
    {
        var r = c.Resolution!;
        var machine = new ResolutionMachine(r);
        if (!machine.CanFire(ResolutionTrigger.Agree, out _)) return;
        machine.Fire(ResolutionTrigger.Agree);
        var p = r.Current!;
        r.Agreement = c.Agreement = new Agreement(p.Version, p.Regie, p.Payers, p.School, p.PlaceBy, now, r.Active.Select(q => q.Verband).ToList());
        foreach (var q in r.Active.ToList()) new RequestMachine(q).Fire(RequestTrigger.Close);
        c.Record(now, Actor.System, Agreed, $"every verband accepted version {p.Version}", c.State, new Dictionary<string, string>
        {
            ["version"] = p.Version.ToString(),
            ["regie"] = p.Regie,
            ["payers"] = string.Join(",", p.Payers.Select(x => $"{x.Verband}:{x.Cost}:{x.Percent}%")),
        });
    }

    /// <summary>Who may act, on which version: a refusal says why and changes nothing.</summary>
    private static ParticipantRequest RequestOf(JointResolution r, Actor actor) =>
        r.Requests.Single(q => q.Verband == actor.Organisation && q.State != RequestState.Closed);

    private static Outcome? Check(CaseRecord c, Actor actor, Step step, int? version = null)
    {
        var party = c.Parties.Verbanden().Contains(actor.Organisation);
        if (c.Resolution is not { } r)
            return party ? Refused(c, actor, step, "no resolution is open for this case") : new Outcome.Forbidden($"{actor.Organisation} is not a party verband of this case");
        // Agreed, Closed and Lapsed are final: the machine takes no proposal or answer any more. A party may still open
        // a new one by hand, unless the case itself is closed.
        var trigger = step == Step.Propose ? ResolutionTrigger.Propose : ResolutionTrigger.Respond;
        if (!new ResolutionMachine(r).CanFire(trigger, out _))
            return party || r.Requests.Any(q => q.Verband == actor.Organisation)
                ? Refused(c, actor, step, r.State switch
                {
                    ResolutionState.Closed => $"resolution {r.Number} was closed without agreement",
                    ResolutionState.Lapsed => $"the agreement of resolution {r.Number} lapsed",
                    _ => $"the verbanden agreed on version {r.Agreement?.Version}",
                })
                : new Outcome.Forbidden($"{actor.Organisation} is not involved in this resolution");
        if (!r.IsParticipant(actor.Organisation)) return new Outcome.Forbidden($"{actor.Organisation} is not involved in this resolution");
        if (version is { } v && v != r.Current!.Version)
            return Refused(c, actor, step, v is > 0 && v < r.Current.Version ? $"version {v} is superseded by version {r.Current.Version}" : $"there is no version {v}; the current one is {r.Current.Version}");
        if (!StepsOf(c, actor).Contains(step))
            return Refused(c, actor, step, step == Step.Acknowledge
                ? $"{actor.Organisation} acknowledged or answered the request already"
                : $"{actor.Organisation} {(RequestOf(r, actor).State == RequestState.Agreed ? "accepted" : "objected to")} version {r.Current!.Version} already");
        return null;
    }

    /// <summary>
    /// The steps of the joint resolution, named as the API names them. Every refusal of one says which the verband may
    /// take now, and the resolution's state: the same words a client reads in the resolution, never the internals.
    /// </summary>
    public enum Step { Open, Acknowledge, Propose, Accept, Object }

    /// <summary>The steps <paramref name="actor"/> may take on the case's joint resolution now, in name order.</summary>
    public static IReadOnlyList<string> PermittedSteps(CaseRecord c, Actor actor) => PermittedSteps(c.Parties, c.State, c.Resolution, actor);

    /// <summary>The same from what a party reads of the case: its parties, its state and its resolution.</summary>
    public static IReadOnlyList<string> PermittedSteps(IEnumerable<Party> parties, CaseState state, JointResolution? resolution, Actor actor) =>
        [.. StepsOf(parties, state, resolution, actor).Select(s => s.ToString()).Order(StringComparer.Ordinal)];

    private static List<Step> StepsOf(CaseRecord c, Actor actor) => StepsOf(c.Parties, c.State, c.Resolution, actor);

    private static List<Step> StepsOf(IEnumerable<Party> parties, CaseState state, JointResolution? resolution, Actor actor)
    {
        if (resolution is not { Ended: false } r)
            return state != CaseState.Afgesloten && parties.Verbanden().Contains(actor.Organisation) && parties.Verbanden().Count() > 1 ? [Step.Open] : [];
        if (!r.IsParticipant(actor.Organisation)) return [];
        var mine = RequestOf(r, actor);
        var request = new RequestMachine(mine);
        var steps = new List<Step> { Step.Propose };
        if (mine.State == RequestState.Invited) steps.Add(Step.Acknowledge);
        if (request.CanFire(RequestTrigger.Accept)) steps.Add(Step.Accept);
        if (request.CanFire(RequestTrigger.RaiseObjection)) steps.Add(Step.Object);
        return steps;
    }

    private static Outcome.NotPermitted Refused(CaseRecord c, Actor actor, Step step, string why) =>
        new(step.ToString(), c.Resolution?.State.ToString() ?? "None", PermittedSteps(c, actor), why);

    private static VerbandPolicy PolicyOf(CaseRecord c, RegistrySnapshot registry) =>
        c.Parties.LeadVerband() is { } lead && registry.Verbanden.TryGetValue(lead, out var v) ? v.Policy : VerbandPolicy.Default;

    /// <summary>What the onderwijsconsulent reads first: the child in minimal terms, the parties, the clocks, the proposals.</summary>
    private static string Dossier(CaseRecord c, DateTimeOffset now)
    {
        var r = c.Resolution!;
        var lines = new List<string>
        {
            $"Case {c.Id}: {CaseSummary.InitialsOf(c.Student.Name)} (born {c.Student.DateOfBirth.Year}), sector {c.Sector}, state {c.State}.",
            $"Parties: {string.Join("; ", c.Parties.Select(p => $"{p.Code} ({string.Join(", ", p.Roles)})"))}.",
        };
        if (c.Zorgplicht is { } z) lines.Add($"Zorgplicht: application {z.ReceivedOn:yyyy-MM-dd} at {z.School}, deadline {z.Deadline:yyyy-MM-dd}{(z.Breached ? ", breached" : "")}.");
        if (c.Thuiszitter is { Running: true } t) lines.Add($"Out of school since {t.Since:yyyy-MM-dd} ({t.WeeksOut(now)} weeks).");
        if (c.CurrentTlv is { } tlv) lines.Add($"TLV: {tlv.SchoolType} {tlv.Category} by {tlv.IssuedBy}, {tlv.StartDate:yyyy-MM-dd} to {tlv.EndDate:yyyy-MM-dd}.");
        lines.Add($"Resolution opened {DutchTime.Today(r.OpenedAt):yyyy-MM-dd} by {r.OpenedBy}: {r.Reason}. "
            + $"Referred to expertteam {r.Region} on {DutchTime.Today(r.ReferredToExpertteamAt ?? now):yyyy-MM-dd}.");
        lines.AddRange(r.Proposals.Select(p => $"Proposal v{p.Version} by {p.ProposedBy}: regie {p.Regie}; {string.Join(", ", p.Payers.Select(x => $"{x.Verband} pays {x.Percent}% {x.Cost}"))}."));
        lines.AddRange(r.Answers.Where(a => !a.Accepted).Select(a => $"{a.Verband} objected to v{a.Version}: {a.Reason}"));
        lines.Add($"Not answered: {string.Join(", ", r.Requests.Where(q => q.State == RequestState.Invited).Select(q => q.Verband).DefaultIfEmpty("none"))}.");
        return string.Join("\n", lines);
    }
}
