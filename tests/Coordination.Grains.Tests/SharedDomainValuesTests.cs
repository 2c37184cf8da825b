using System.Reflection;
using System.Runtime.CompilerServices;
using Coordination.Contracts;
using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Domain.Registry;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;

namespace Coordination.Grains.Tests;

/// <summary>
/// The domain values passed by reference on local grain calls (SharedDomainValues) are the same object on both sides,
/// and stay values nobody can change; every other domain type is still copied.
/// </summary>
public sealed class SharedDomainValuesTests
{
    private static readonly DeepCopier Copier = new ServiceCollection().AddCoordinationSerialization()
        .BuildServiceProvider().GetRequiredService<DeepCopier>();

    [Fact]
    public void A_command_its_actor_and_a_registry_answer_cross_a_local_call_as_the_same_object()
    {
        var actor = new Actor("Anna", "PO2601");
        var command = new CaseCommand { Trigger = "RecordSignal", Reason = "verzuim" };
        var registry = new RegistrySnapshot(new Dictionary<string, SchoolEntry>(), new Dictionary<string, string> { ["GM0344/PO"] = "PO2601" },
            new Dictionary<string, VerbandEntry>());

        Assert.Same(actor, Copier.Copy(actor));
        Assert.Same(command, Copier.Copy(command));
        Assert.Same(registry, Copier.Copy(registry));
    }

    [Fact]
    public void Other_domain_types_are_still_copied()
    {
        var record = new CaseRecord { Id = "c1", Version = 3 };

        var copy = Copier.Copy(record);

        Assert.NotSame(record, copy);
        Assert.Equal(3, copy.Version);
    }

    public static TheoryData<Type> Shared => [.. SharedDomainValues.Types];

    [Theory]
    [MemberData(nameof(Shared))]
    public void A_shared_type_holds_only_values_set_when_it_is_made(Type type) =>
        Assert.Empty(MutableParts(type, []));

    [Fact]
    public void The_check_finds_the_parts_of_a_type_that_change() =>
        Assert.Contains("CaseRecord.Version can be set", MutableParts(typeof(CaseRecord), []));

    /// <summary>Every settable property or field, or collection that can change, reachable from <paramref name="type"/>.</summary>
    private static IEnumerable<string> MutableParts(Type type, HashSet<Type> seen)
    {
        if (!seen.Add(type) || type == typeof(string) || type.IsPrimitive || type.IsEnum || type == typeof(DateOnly) || type == typeof(DateTimeOffset))
            yield break;
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            foreach (var part in MutableParts(underlying, seen)) yield return part;
            yield break;
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() is var generic
            && (generic == typeof(IReadOnlyDictionary<,>) || generic == typeof(IReadOnlyList<>) || generic == typeof(IReadOnlyCollection<>)))
        {
            foreach (var argument in type.GetGenericArguments())
                foreach (var part in MutableParts(argument, seen)) yield return part;
            yield break;
        }
        if (!type.IsSealed || type.IsInterface) { yield return $"{type.Name} may be a type that changes"; yield break; }
        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance).Where(f => !f.IsInitOnly))
            yield return $"{type.Name}.{field.Name} can be set";
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is { IsPublic: true } setter && !setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)))
                yield return $"{type.Name}.{property.Name} can be set";
            foreach (var part in MutableParts(property.PropertyType, seen)) yield return part;
        }
    }
}
