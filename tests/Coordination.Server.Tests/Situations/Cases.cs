namespace Coordination.Server.Tests.Infrastructure;

/// <summary>Request bodies for the situations of DOMAIN.md, on the demo registry (silo-config/demo/registry.csv).</summary>
public static class Cases
{
    /// <summary>Lives in Amersfoort (PO2602), goes to school in Utrecht (01AA00, PO2601), applied there on <paramref name="receivedOn"/>.</summary>
    public static object LivesInEemlandSchoolInUtrecht(string? receivedOn = null) => new
    {
        parentsInformed = true, student = new { name = "Sanne de Boer", dateOfBirth = "2016-04-12", municipality = "GM0307", school = "01AA00" },
        application = new { school = "01AA00", receivedOn = receivedOn ?? ApiClient.Today(-3) },
        reason = "aanmelding met ondersteuningsbehoefte",
    };

    /// <summary>Lives and goes to school in Utrecht (PO2601 only): no joint resolution opens, so versions count only its own steps.</summary>
    public static object OneVerband(string? receivedOn = null) => new
    {
        parentsInformed = true, student = new { name = "Sam Peters", dateOfBirth = "2016-08-20", municipality = "GM0344", school = "01AA00" },
        application = new { school = "01AA00", receivedOn = receivedOn ?? ApiClient.Today(-3) },
        reason = "aanmelding met ondersteuningsbehoefte",
    };
}
