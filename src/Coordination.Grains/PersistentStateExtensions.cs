namespace Coordination.Grains;

internal static class PersistentStateExtensions
{
    /// <summary>
    /// Writes the state; when the write fails, reloads what is stored before rethrowing. A grain never keeps an
    /// unsaved change in memory: what the next caller sees must be what PostgreSQL holds.
    /// </summary>
    public static async Task WriteOrReloadAsync<T>(this IPersistentState<T> state)
    {
        try { await state.WriteStateAsync(); }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }
    }
}
