using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Domain.Resolution;
using Orleans.Serialization.Cloning;

namespace Coordination.Contracts;

/// <summary>
/// Domain values that nobody changes once made, passed by reference on calls within a silo instead of deep-copied.
/// Orleans copies every argument and answer of a local call to keep caller and callee apart; a domain type is copied
/// by its JSON codec, a serialize and a parse. These cross a grain call on every transition (the command, its actor,
/// the registry's answer, the board card and inbox entry a case sends its verbanden), which made the copies about
/// 5 % of the server's CPU (W1 in docs/benchmarks.md).
/// </summary>
/// <remarks>
/// Each is a sealed record whose properties are set only when it is made (init), holding text, numbers, enums and
/// read-only collections of such records; SharedDomainValuesTests checks that this stays so.
/// </remarks>
public sealed class SharedDomainValues : IGeneralizedCopier
{
    public static readonly IReadOnlySet<Type> Types = new HashSet<Type>
    {
        typeof(Actor), typeof(CaseCommand), typeof(RegistrySnapshot), typeof(CaseSummary), typeof(InboxEntry),
    };

    public bool IsSupportedType(Type type) => Types.Contains(type);

    public object? DeepCopy(object? input, CopyContext context) => input;
}
