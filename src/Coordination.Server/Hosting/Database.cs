using System.Data.Common;
using Npgsql;

namespace Coordination.Server.Hosting;

/// <summary>The host's one PostgreSQL pool, shared by Orleans' providers and the application (DESIGN.md fact 5).</summary>
public static class Database
{
    /// <summary>
    /// Opens the pool, tuned for what a host runs: the same few statements over and over. Each is prepared on a
    /// connection after its second use instead of parsed and planned on every call, and a connection going back to
    /// the pool is not reset with DISCARD ALL (a round trip per use, which would also drop those prepared
    /// statements). Nothing here keeps session state: the schema migrator releases its advisory lock itself.
    /// Measured: PostgreSQL CPU per W1 transition halved (docs/benchmarks.md). A connection string that sets any of
    /// these keeps its own value.
    /// </summary>
    public static NpgsqlDataSource Open(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "")).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var tuned = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains("NoResetOnClose")) tuned.NoResetOnClose = true;
        if (!given.Contains("MaxAutoPrepare")) tuned.MaxAutoPrepare = 32;
        if (!given.Contains("AutoPrepareMinUsages")) tuned.AutoPrepareMinUsages = 2;
        return NpgsqlDataSource.Create(tuned.ConnectionString);
    }
}
