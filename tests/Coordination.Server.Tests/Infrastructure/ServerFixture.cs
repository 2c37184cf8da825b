namespace Coordination.Server.Tests.Infrastructure;

/// <summary>One real server on a fresh database with the demo registry, shared by the tests of a collection.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public TestDatabase? Database { get; private set; }
    public ServerProcess? Server { get; private set; }
    public HttpClient Http => Server!.Http;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Server = await ServerProcess.StartAsync(new(Database.ConnectionString));
        await Http.ImportDemoRegistry();
    }

    public async Task DisposeAsync()
    {
        // Either may be missing when start-up failed; the start-up error is the one to report.
        if (Server is not null) await Server.DisposeAsync();
        if (Database is not null) await Database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
