namespace Coordination.Domain.Resolution;

/// <summary>
/// Where a joint resolution stands: open for answers, referred to the regional expertteam after the response
/// deadline, the onderwijsconsulent involved after the expertteam's term, or agreed; or closed without agreement (the
/// case closed, or it stopped being a matter of two verbanden). Agreed and Closed are final, but an agreement lapses
/// once a verband that made it is no party to the case any more (Lapsed, final).
/// </summary>
public enum ResolutionState { Open, Expertteam, Onderwijsconsulent, Agreed, Closed, Lapsed }

public enum ResolutionTrigger { Propose, Respond, Agree, DeadlinePassed, Close, Lapse }

/// <summary>One verband's coordination request: what it has done with the current proposal.</summary>
public enum RequestState { Invited, Acknowledged, Agreed, Objected, Closed }

public enum RequestTrigger { Acknowledge, Accept, RaiseObjection, NewProposal, Close }

/// <summary>What a payer pays for: the extra support a TLV funds, or the costs of an arrangement.</summary>
public enum CostKind { TlvFunding, ArrangementCosts }

public sealed record PayerShare(string Verband, CostKind Cost, int Percent);

/// <summary>A proposal: who leads (regie), who pays what, which school offers the place, and by when.</summary>
public sealed record Proposal(
    int Version,
    string ProposedBy,
    DateTimeOffset At,
    string Regie,
    IReadOnlyList<PayerShare> Payers,
    string? School,
    DateOnly? PlaceBy,
    string? Note);

/// <summary>A verband's answer to one proposal version.</summary>
public sealed record Answer(string Verband, int Version, bool Accepted, string? Reason, DateTimeOffset At);

/// <summary>The agreed arrangement: from then on it says who leads, who pays and where the child goes.</summary>
public sealed record Agreement(int Version, string Regie, IReadOnlyList<PayerShare> Payers, string? School, DateOnly? PlaceBy, DateTimeOffset AgreedAt,
    IReadOnlyList<string> Verbanden);

/// <summary>One participant verband's request, with its own small machine (<see cref="RequestMachine"/>).</summary>
public sealed class ParticipantRequest
{
    public string Verband { get; set; } = "";
    public RequestState State { get; set; } = RequestState.Invited;
    public DateOnly RespondBy { get; set; }
}
