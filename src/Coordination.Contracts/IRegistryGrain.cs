using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Domain.Registry;

namespace Coordination.Contracts;

/// <summary>
/// The directory of the registry: which verband a school belongs to, which verband serves a municipality per
/// sector, and each verband's state and policy. Looking these up never scans the verbanden.
/// One grain (key <see cref="Key"/>): the whole country is some 152 verbanden and a few thousand schools.
/// </summary>
public interface IRegistryGrain : IGrainWithStringKey
{
    const string Key = "nl";

    [Orleans.Concurrency.ReadOnly]
    Task<RegistrySnapshot> Resolve(RegistryQuery query);

    /// <summary>Every registered verband, by code.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<VerbandEntry>> List();

    /// <summary>Claims the municipalities and schools for a verband; conflicts with other verbanden come back as field errors.</summary>
    Task<IReadOnlyList<FieldError>> Claim(VerbandEntry verband, IReadOnlyList<Municipality> municipalities, IReadOnlyList<School> schools);

    /// <summary>Records a lifecycle change. A merged or dissolved verband no longer holds its schools and municipalities.</summary>
    Task SetState(string code, VerbandState state);
}

[GenerateSerializer, Immutable]
public sealed record RegistryQuery(
    [property: Id(0)] IReadOnlyCollection<string> Schools,
    [property: Id(1)] IReadOnlyCollection<string> Municipalities,
    [property: Id(2)] IReadOnlyCollection<string> Verbanden);
