using Coordination.Contracts;

namespace Coordination.Grains.Tests;

/// <summary>References made without per-call reflection point at the same grain, through the same interface.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainReferencesTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_reference_is_the_one_Orleans_would_make()
    {
        var grains = fixture.Client;
        foreach (var id in new[] { "case-a", "case-b" })
            Assert.Equal(grains.GetGrain<ICaseGrain>(id), grains.Grain<ICaseGrain>(id));
        Assert.Equal(grains.GetGrain<IVerbandGrain>("PO2601"), grains.Grain<IVerbandGrain>("PO2601"));
        Assert.Equal(grains.GetGrain<ILiveHostRegistry>(7), grains.Grain<ILiveHostRegistry>(7));
        Assert.Equal(((GrainReference)grains.GetGrain<IVerbandGrain>("PO2601")).InterfaceType,
            ((GrainReference)grains.Grain<IVerbandGrain>("PO2601")).InterfaceType);

        // And it reaches the grain: a case that does not exist answers null.
        Assert.Null(await grains.Grain<ICaseGrain>(Guid.NewGuid().ToString("N")).Get());
    }
}
