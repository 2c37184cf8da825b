using System.Threading.Channels;

namespace Coordination.Server.Storage;

/// <summary>
/// Writes what waits together: one writer takes every item that is waiting and hands them to one write, so under
/// load many grains share a round trip and a commit instead of paying for their own (W1 in docs/benchmarks.md);
/// alone, an item goes at once. Each caller still waits until its own item is written, and learns if it was not.
/// </summary>
public sealed class WriteBatcher<T> : IAsyncDisposable
{
    private sealed record Pending(T Item, TaskCompletionSource Written);

    private readonly Func<IReadOnlyList<T>, Task> _write;
    private readonly Func<T, int> _size;
    private readonly int _maxSize;
    private readonly Channel<Pending> _waiting = Channel.CreateUnbounded<Pending>(new() { SingleReader = true });
    private readonly Task _writer;

    /// <param name="write">Writes a batch in one go. If PostgreSQL refuses it for its data, each item is tried alone;
    /// if it fails otherwise (connection, timeout), every item in it fails.</param>
    /// <param name="size">What an item weighs (rows); a batch takes items until <paramref name="maxSize"/>.</param>
    public WriteBatcher(Func<IReadOnlyList<T>, Task> write, Func<T, int> size, int maxSize)
    {
        (_write, _size, _maxSize) = (write, size, maxSize);
        _writer = Task.Run(WriteWhatWaits);
    }

    public Task Write(T item)
    {
        var pending = new Pending(item, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (_waiting.Writer.TryWrite(pending)) return pending.Written.Task;
        if (_fault is not null) throw new InvalidOperationException("the writer broke; nothing more is written", _fault);
        throw new ObjectDisposedException(GetType().Name);
    }

    private Exception? _fault;

    private async Task WriteWhatWaits()
    {
        var batch = new List<Pending>();
        try
        {
            while (await _waiting.Reader.WaitToReadAsync())
            {
                var size = 0;
                while (size < _maxSize && _waiting.Reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                    size += _size(pending.Item);
                }
                await WriteBatch(batch);
                batch.Clear();
            }
        }
        catch (Exception e)
        {
            // Not a failed write (WriteBatch answers those): the writer itself broke. Nobody may wait forever.
            _fault = e;
            _waiting.Writer.TryComplete(e);
            foreach (var pending in batch) pending.Written.TrySetException(e);
            while (_waiting.Reader.TryRead(out var pending)) pending.Written.TrySetException(e);
        }
    }

    /// <summary>
    /// Writes the batch. If PostgreSQL refuses it for what it holds, each item goes alone, so one item the database
    /// refuses fails only its own caller, not every grain that happened to wait beside it; a batch that failed for
    /// any other reason (the database gone, a timeout) fails whole, rather than paying that failure once per item.
    /// </summary>
    private async Task WriteBatch(List<Pending> batch)
    {
        try
        {
            await _write(batch.Select(p => p.Item).ToList());
            foreach (var pending in batch) pending.Written.TrySetResult();
            return;
        }
        catch (Exception e) when (batch.Count == 1 || e is not Npgsql.PostgresException { IsTransient: false })
        {
            foreach (var pending in batch) pending.Written.TrySetException(e);
            return;
        }
        catch
        {
            // Each on its own below.
        }
        foreach (var pending in batch)
        {
            try
            {
                await _write([pending.Item]);
                pending.Written.TrySetResult();
            }
            catch (Exception e)
            {
                pending.Written.TrySetException(e);
            }
        }
    }

    /// <summary>Writes what was handed in before the host stopped, then stops the writer.</summary>
    public async ValueTask DisposeAsync()
    {
        _waiting.Writer.TryComplete();
        await _writer;
        if (_fault is not null) throw new InvalidOperationException("the writer broke before it stopped", _fault);
    }
}
