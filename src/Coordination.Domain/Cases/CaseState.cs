namespace Coordination.Domain.Cases;

/// <summary>
/// Where a leerling's case stands. Dutch names, as the professionals say them: Aangemeld (signal or application
/// received), Verkenning (intake), Arrangement (support at a regular school), the TLV procedure (aanvraag,
/// toegekend, afgewezen, bezwaar), Plaatsing (finding the school), Geplaatst, Afgesloten.
/// </summary>
public enum CaseState
{
    Aangemeld,
    Verkenning,
    Arrangement,
    TlvAanvraag,
    TlvToegekend,
    TlvAfgewezen,
    Bezwaar,
    Plaatsing,
    Geplaatst,
    Afgesloten,
}

public enum CaseTrigger
{
    StartIntake,
    OfferArrangement,
    RequestTlv,
    RecordExpertAdvice,
    GrantTlv,
    RefuseTlv,
    FileBezwaar,
    ReconsiderTlv,
    DismissBezwaar,
    StartPlacement,
    Place,
    HandOverToVo,
    ReceiveApplication,
    ExtendZorgplicht,
    Move,
    ChangeSchool,
    RecordOutOfSchool,
    RecordSignal,
    Close,
}

/// <summary>The funding category of an SO/VSO TLV.</summary>
public enum FundingCategory { Laag, Midden, Hoog }

/// <summary>A signal that brings the municipality of residence in: leerplicht (attendance) or youth care.</summary>
public enum SignalKind { Leerplicht, Jeugdhulp, Zorg }
