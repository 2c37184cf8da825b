using Coordination.Domain.Cases;
using Coordination.Grains;
using Coordination.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Coordination.Server.Tests.Foundation;

/// <summary>The ADO.NET storage provider on our schema: a stale write is refused, never silently lost.</summary>
public sealed class StorageConflictTests
{
    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_the_stored_state_is_kept()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var silo = await InProcessSilo.StartAsync(InProcessSilo.Settings(db.ConnectionString));
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.State);
        var id = GrainId.Create("case", "etag-conflict");

        var first = new GrainState<CaseRecord>(new CaseRecord { Id = "etag-conflict", Version = 1 });
        await storage.WriteStateAsync("case", id, first);
        var staleCopy = new GrainState<CaseRecord>(new CaseRecord { Id = "etag-conflict", Version = 99 }) { ETag = first.ETag };
        first.State!.Version = 2;
        await storage.WriteStateAsync("case", id, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("case", id, staleCopy));

        var read = new GrainState<CaseRecord>();
        await storage.ReadStateAsync("case", id, read);
        Assert.Equal(2, read.State!.Version);
        Assert.Equal(first.ETag, read.ETag);
    }

    [Fact]
    public async Task State_is_stored_as_json_without_dotnet_type_names()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var silo = await InProcessSilo.StartAsync(InProcessSilo.Settings(db.ConnectionString));
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.State);
        await storage.WriteStateAsync("case", GrainId.Create("case", "json"), new GrainState<CaseRecord>(new CaseRecord { Id = "json", State = CaseState.Plaatsing }));

        var payload = await db.Scalar<string>("select convert_from(payload, 'UTF8') from orleans_grain_state");
        Assert.Contains("\"state\":\"Plaatsing\"", payload);
        Assert.DoesNotContain("Coordination.Domain", payload);
    }
}
