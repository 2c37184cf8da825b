namespace Coordination.Grains;

/// <summary>
/// How long a case publishes its live updates after a host said someone has its room open. Most cases change with
/// nobody watching (an integrator's call, a clock); they skip building and sending the update. Hosts renew every
/// quarter of the lease; a case that was just activated publishes for one lease anyway, since the renewals may have
/// gone to an activation on a silo that died.
/// </summary>
public sealed class CaseRoomOptions
{
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(20);

    public TimeSpan RenewEvery => Lease / 4;
}
