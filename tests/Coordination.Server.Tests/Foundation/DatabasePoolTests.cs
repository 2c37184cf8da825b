using Coordination.Server.Hosting;
using Npgsql;

namespace Coordination.Server.Tests.Foundation;

/// <summary>The host's pool prepares its repeated statements and skips DISCARD ALL, unless the operator said otherwise.</summary>
public sealed class DatabasePoolTests
{
    [Theory]
    [InlineData("", true, 32)]
    [InlineData(";No Reset On Close=false;MaxAutoPrepare=0", false, 0)]
    public void The_pool_is_tuned_where_the_connection_string_is_silent(string given, bool noResetOnClose, int maxAutoPrepare)
    {
        using var pool = Database.Open("Host=127.0.0.1;Username=coordination;Database=x" + given);
        var used = new NpgsqlConnectionStringBuilder(pool.ConnectionString);

        Assert.Equal(noResetOnClose, used.NoResetOnClose);
        Assert.Equal(maxAutoPrepare, used.MaxAutoPrepare);
        Assert.Equal(2, used.AutoPrepareMinUsages);
    }
}
