using System.Text;
using System.Text.Json.Nodes;
using Coordination.Server.Api;
using Coordination.Server.Live;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Coordination.Server.Tests.Live;

/// <summary>
/// A SignalR connection without a network, for the host's own live bookkeeping: it keeps every write it is given, as
/// the JSON protocol's bytes, and can hold a write up until the test lets it go.
/// </summary>
public sealed class RecordingConnection(RecordingConnection.Transport underneath) : HubConnectionContext(underneath, new HubConnectionContextOptions(), NullLoggerFactory.Instance)
{
    public RecordingConnection(string id) : this(new Transport(id)) { }

    /// <summary>The connection underneath, which notes that it was cut (no handshake ran, so SignalR must not hear of it).</summary>
    public sealed class Transport(string id) : DefaultConnectionContext(id)
    {
        public bool Cut { get; private set; }

        public override void Abort(ConnectionAbortedException abortReason) => Cut = true;
    }

    public static readonly IHubProtocol Json = new JsonHubProtocol(Options.Create(ApiJsonHubOptions()));

    private readonly List<byte[]> _writes = [];
    private TaskCompletionSource? _hold, _held;

    public IReadOnlyList<byte[]> Writes { get { lock (_writes) return _writes.ToList(); } }

    /// <summary>The connection underneath was cut, as a failed network would cut it.</summary>
    public bool Dropped => underneath.Cut;

    /// <summary>The next write is taken and then waits until <see cref="Release"/>.</summary>
    public void HoldNextWrite() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _held!.SetResult();

    public override ValueTask WriteAsync(SerializedHubMessage message, CancellationToken cancellationToken = default)
    {
        var hold = Interlocked.Exchange(ref _hold, null);
        if (hold is not null) _held = hold;
        lock (_writes) _writes.Add(message.GetSerializedMessage(Json).ToArray());
        return hold is null ? ValueTask.CompletedTask : new ValueTask(hold.Task);
    }

    /// <summary>The SignalR messages in one write: JSON records, each ended by the record separator.</summary>
    public static List<JsonNode> Messages(byte[] write) =>
        Encoding.UTF8.GetString(write).Split('\u001e', StringSplitOptions.RemoveEmptyEntries).Select(m => JsonNode.Parse(m)!).ToList();

    private static JsonHubProtocolOptions ApiJsonHubOptions()
    {
        var options = new JsonHubProtocolOptions();
        ApiJson.Configure(options.PayloadSerializerOptions);
        return options;
    }

    public static (LocalGroups Groups, GroupFanOut FanOut) Host(TimeSpan? slowReaderLimit = null)
    {
        var groups = new LocalGroups(NullLogger<DefaultHubLifetimeManager<BoardHub>>.Instance);
        var protocols = new ServiceCollection().AddLogging().AddSignalR().AddJsonProtocol(o => ApiJson.Configure(o.PayloadSerializerOptions)).Services
            .BuildServiceProvider().GetRequiredService<IHubProtocolResolver>();
        var fanOut = new GroupFanOut(groups, protocols, NullLogger<GroupFanOut>.Instance) { SlowReaderLimit = slowReaderLimit ?? TimeSpan.FromSeconds(30) };
        return (groups, fanOut);
    }
}
