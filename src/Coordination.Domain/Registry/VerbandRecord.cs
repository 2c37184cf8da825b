using Coordination.Domain.Common;

namespace Coordination.Domain.Registry;

public enum VerbandState { Registered, Active, Suspended, Merged, Dissolved }

public enum VerbandTrigger { Activate, Suspend, Resume, Merge, Dissolve }

/// <summary>One accepted change to a verband's lifecycle or registry data: who, when, what, why.</summary>
public sealed record RegistryEvent(long Sequence, DateTimeOffset At, Actor Actor, string What, string? Reason);

/// <summary>The persisted state of one verband. Version counts accepted changes (it is the ETag).</summary>
public sealed class VerbandRecord
{
    public const int CurrentSchema = 1;
    public int Schema { get; set; } = CurrentSchema;
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public Sector Sector { get; set; }
    public string JeugdzorgRegio { get; set; } = "";
    public SupportPoint? SupportPoint { get; set; }
    public List<Municipality> Municipalities { get; set; } = [];
    public List<School> Schools { get; set; } = [];
    public VerbandPolicy Policy { get; set; } = VerbandPolicy.Default;
    public VerbandState State { get; set; } = VerbandState.Registered;
    public string? MergedInto { get; set; }
    public long Version { get; set; }
    public List<RegistryEvent> History { get; set; } = [];

    public bool Exists => Version > 0;

    public void Record(Actor actor, DateTimeOffset at, string what, string? reason)
    {
        Version++;
        History.Add(new RegistryEvent(Version, at, actor, what, reason));
    }
}
