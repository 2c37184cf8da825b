using Coordination.Contracts;
using Coordination.Domain.Cases;

namespace Coordination.Grains;

/// <summary>Which registry entries a command may touch, so one directory call answers all its questions.</summary>
internal static class Lookups
{
    public static RegistryQuery ForNewCase(NewCase r) => new(
        Of(r.Student?.School, r.Application?.School),
        Of(r.Student?.Municipality),
        []);

    public static RegistryQuery ForCommand(CaseRecord c, CaseCommand cmd) => new(
        Of(c.Student.School, c.Application?.School, cmd.School),
        Of(c.Student.Municipality, cmd.Municipality),
        Of([c.CurrentTlv?.IssuedBy, cmd.IssuedBy, .. c.Parties.Verbanden()]));

    private static string[] Of(params string?[] values) => values.OfType<string>().Where(v => v.Length > 0).Distinct().ToArray();
}
