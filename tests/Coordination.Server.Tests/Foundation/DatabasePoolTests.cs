using Coordination.Server.Hosting;
using Npgsql;

namespace Coordination.Server.Tests.Foundation;

/// <summary>The host's pool prepares its repeated statements and skips DISCARD ALL, unless the operator said otherwise.</summary>
public sealed class DatabasePoolTests
{
    [Fact]
    public void The_pool_prepares_repeated_statements_and_keeps_connections_unreset_by_default()
    {
        using var pool = Database.Open("Host=127.0.0.1;Username=coordination;Database=x");
        var used = new NpgsqlConnectionStringBuilder(pool.ConnectionString);

        Assert.True(used.NoResetOnClose);
        Assert.Equal(32, used.MaxAutoPrepare);
        Assert.Equal(2, used.AutoPrepareMinUsages);
    }

    [Fact]
    public void A_connection_string_that_sets_them_keeps_its_own_values()
    {
        using var pool = Database.Open("Host=127.0.0.1;Username=coordination;Database=x;No Reset On Close=false;MaxAutoPrepare=0");
        var used = new NpgsqlConnectionStringBuilder(pool.ConnectionString);

        Assert.False(used.NoResetOnClose);
        Assert.Equal(0, used.MaxAutoPrepare);
        Assert.Equal(2, used.AutoPrepareMinUsages);
    }
}
