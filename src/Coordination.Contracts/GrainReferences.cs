namespace Coordination.Contracts;

/// <summary>
/// Grain references without resolving the interface on every call: Orleans' <c>GetGrain&lt;T&gt;(key)</c> reads the
/// interface's attributes by reflection each time, 3–5 % of the server under W1's load (docs/benchmarks.md). The grain
/// type and interface type of each T are resolved once, by Orleans itself, and reused; the compiled grain classes
/// fix them.
/// </summary>
public static class GrainReferences
{
    public static T Grain<T>(this IGrainFactory grains, string key) where T : IGrainWithStringKey =>
        Reference<T>(grains, Types<T>.Resolved ??= Resolve(grains.GetGrain<T>("-")), IdSpan.Create(key));

    public static T Grain<T>(this IGrainFactory grains, long key) where T : IGrainWithIntegerKey =>
        Reference<T>(grains, Types<T>.Resolved ??= Resolve(grains.GetGrain<T>(0)), GrainIdKeyExtensions.CreateIntegerKey(key));

    private static T Reference<T>(IGrainFactory grains, GrainTypes types, IdSpan key) =>
        (T)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);

    private static GrainTypes Resolve(object grain)
    {
        var reference = (GrainReference)grain;
        return new GrainTypes(reference.GrainId.Type, reference.InterfaceType);
    }

    // A class, so that a reader sees both types or none (a struct could be read half written by another thread).
    private sealed record GrainTypes(GrainType Grain, GrainInterfaceType Interface);

    private static class Types<T>
    {
        public static GrainTypes? Resolved;
    }
}
