namespace Coordination.Domain.Resolution;

/// <summary>One joint resolution of a case by its verbanden (persisted inside the case record).</summary>
public sealed class JointResolution
{
    public int Number { get; set; }
    public ResolutionState State { get; set; } = ResolutionState.Open;
    public string OpenedBy { get; set; } = "";
    public string Reason { get; set; } = "";
    public DateTimeOffset OpenedAt { get; set; }
    public List<ParticipantRequest> Requests { get; set; } = [];
    public List<Proposal> Proposals { get; set; } = [];
    public List<Answer> Answers { get; set; } = [];
    /// <summary>The last day to answer; after it, without agreement, the expertteam gets the case.</summary>
    public DateOnly ResponseDeadline { get; set; }
    /// <summary>The jeugdzorgregio whose expertteam gets the case, and the working days it has.</summary>
    public string Region { get; set; } = "";
    public int ExpertteamWorkingDays { get; set; }
    public DateOnly? ExpertteamDeadline { get; set; }
    public DateTimeOffset? ReferredToExpertteamAt { get; set; }
    public DateTimeOffset? OnderwijsconsulentAt { get; set; }
    /// <summary>What the onderwijsconsulent is given: a summary of the case and the resolution so far.</summary>
    public string? Dossier { get; set; }
    public Agreement? Agreement { get; set; }

    public Proposal? Current => Proposals.Count == 0 ? null : Proposals[^1];

    public IEnumerable<ParticipantRequest> Active => Requests.Where(q => q.State != RequestState.Closed);

    public bool IsParticipant(string verband) => Active.Any(q => q.Verband == verband);

    /// <summary>Every active participant's latest answer is an acceptance of the current version.</summary>
    public bool EveryoneAccepted() =>
        Current is { } current && Active.All(q => LatestAnswer(q.Verband) is { Accepted: true } a && a.Version == current.Version);

    public Answer? LatestAnswer(string verband) => Answers.LastOrDefault(a => a.Verband == verband);

    /// <summary>Agreed, closed or its agreement lapsed: nothing more happens in it, and a new one may be opened.</summary>
    public bool Ended => State is ResolutionState.Agreed or ResolutionState.Closed or ResolutionState.Lapsed;

    /// <summary>The next deadline of the ladder, or null when agreed or at its top.</summary>
    public DateOnly? NextDeadline => State switch
    {
        ResolutionState.Open => ResponseDeadline,
        ResolutionState.Expertteam => ExpertteamDeadline,
        _ => null,
    };
}
