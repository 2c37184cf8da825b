namespace Coordination.Grains;

internal static class PersistentStateExtensions
{
    /// <summary>
    /// Writes the state; when the write fails, reloads what is stored before rethrowing. A grain never keeps an
    /// unsaved change in memory: what the next caller sees must be what PostgreSQL holds. When PostgreSQL cannot
    /// even be read, the activation goes (<paramref name="deactivate"/>) and the next call reads the stored state.
    /// </summary>
    public static async Task WriteOrReloadAsync<T>(this IPersistentState<T> state, Action deactivate)
    {
        try { await state.WriteStateAsync(); }
        catch
        {
            try { await state.ReadStateAsync(); }
            catch { deactivate(); }
            throw;
        }
    }
}
