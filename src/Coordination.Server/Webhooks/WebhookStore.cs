using System.Text.Json;
using Coordination.Domain.Cases;
using Coordination.Domain.Registry;
using Coordination.Domain.Resolution;
using Coordination.Grains;
using Npgsql;
using NpgsqlTypes;

namespace Coordination.Server.Webhooks;

public sealed record Subscription(Guid Id, string Organisation, string CallbackUrl, IReadOnlyList<string> Channels, string? Verband, bool Active, long NextSequence);

public sealed record OutboxMessage(Guid Subscription, long Sequence, string Payload, int Attempts, string CallbackUrl, string Secret);

public sealed record DeliveryState(long Sequence, DateTimeOffset CreatedAt, int Attempts, DateTimeOffset? DeliveredAt, string? LastError);

/// <summary>
/// Webhook subscriptions and their durable outbox in PostgreSQL (silo-config/schema/007_webhooks.sql). As the case
/// grains' event sink it writes one small message ("informatie-arm": what changed and where to fetch it) per
/// matching subscription, numbered per subscription.
/// </summary>
public sealed class WebhookStore(NpgsqlDataSource dataSource, Hosting.CoordinationSettings settings) : ICaseEventSink
{
    public static readonly string[] Channels = ["cases", "coordination", "deadlines"];

    /// <summary>Which channel an event belongs to: the joint resolution, a deadline or clock, or the case itself.</summary>
    public static string ChannelOf(string what) => what switch
    {
        ResolutionWorkflow.ReferredToExpertteam or ResolutionWorkflow.OnderwijsconsulentInvolved => "deadlines",
        CaseClocks.ZorgplichtWarning or CaseClocks.ZorgplichtBreached or CaseClocks.ThuiszitterFlagged
            or CaseClocks.TlvRenewalDue or CaseClocks.TlvExpired => "deadlines",
        _ when what.StartsWith("Coordination", StringComparison.Ordinal) || what.StartsWith("Proposal", StringComparison.Ordinal)
            || what == ResolutionWorkflow.Acknowledged => "coordination",
        _ => "cases",
    };

    // Every case change asks which subscriptions are active: keep the answer for a second instead of asking
    // PostgreSQL on every transition. A subscription made on this host is seen at once; on another, within a second.
    private static readonly TimeSpan ActiveFor = TimeSpan.FromSeconds(1);
    private (IReadOnlyList<Subscription> List, long At) _active = ([], 0);

    public async Task Publish(string caseId, IReadOnlyList<string> concerned, IReadOnlyList<CaseEvent> events)
    {
        if (events.Count == 0) return;
        var subscriptions = await Active();
        if (subscriptions.Count == 0) return;
        var verbanden = concerned.Where(Codes.IsVerbandCode).ToList();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        foreach (var e in events)
        {
            var channel = ChannelOf(e.What);
            foreach (var s in subscriptions.Where(s => s.Channels.Contains(channel) && (s.Verband is null || concerned.Contains(s.Verband))))
            {
                // Events handed over again after a crash are already here: nothing twice, no sequence number used.
                await using (var known = new NpgsqlCommand(
                    "select 1 from webhook_outbox where subscription_id = $1 and case_id = $2 and case_event = $3", connection, tx))
                {
                    known.Parameters.AddWithValue(s.Id);
                    known.Parameters.AddWithValue(caseId);
                    known.Parameters.AddWithValue(e.Sequence);
                    if (await known.ExecuteScalarAsync() is not null) continue;
                }
                long sequence;
                await using (var next = new NpgsqlCommand(
                    "update webhook_subscription set next_sequence = next_sequence + 1 where id = $1 returning next_sequence - 1", connection, tx))
                {
                    next.Parameters.AddWithValue(s.Id);
                    sequence = (long)(await next.ExecuteScalarAsync())!;
                }
                var resource = channel == "coordination" ? "coordination" : "case";
                var payload = JsonSerializer.Serialize(new
                {
                    kanaal = channel,
                    hoofdObject = $"{settings.PublicUrl}/api/v1/cases/{caseId}",
                    resource,
                    resourceUrl = $"{settings.PublicUrl}/api/v1/cases/{caseId}{(resource == "coordination" ? "/coordination" : "")}",
                    actie = e.What,
                    aanmaakdatum = e.At,
                    kenmerken = new { verbanden = string.Join(",", verbanden), caseVersion = e.Sequence },
                    subscription = s.Id,
                    sequence,
                });
                await using var insert = new NpgsqlCommand(
                    "insert into webhook_outbox (subscription_id, sequence, payload, case_id, case_event) values ($1, $2, $3, $4, $5)", connection, tx);
                insert.Parameters.AddWithValue(s.Id);
                insert.Parameters.AddWithValue(sequence);
                insert.Parameters.AddWithValue(NpgsqlDbType.Jsonb, payload);
                insert.Parameters.AddWithValue(caseId);
                insert.Parameters.AddWithValue(e.Sequence);
                await insert.ExecuteNonQueryAsync();
            }
        }
        await tx.CommitAsync();
    }

    public async Task<Subscription> Create(string organisation, string callbackUrl, IReadOnlyList<string> channels, string? verband, string secret)
    {
        var id = Guid.CreateVersion7();
        await using var cmd = dataSource.CreateCommand(
            "insert into webhook_subscription (id, organisation, callback_url, channels, verband, secret) values ($1, $2, $3, $4, $5, $6)");
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(organisation);
        cmd.Parameters.AddWithValue(callbackUrl);
        cmd.Parameters.AddWithValue(channels.ToArray());
        cmd.Parameters.AddWithValue((object?)verband ?? DBNull.Value);
        cmd.Parameters.AddWithValue(secret);
        await cmd.ExecuteNonQueryAsync();
        _active = ([], 0);
        return new Subscription(id, organisation, callbackUrl, channels, verband, true, 1);
    }

    public async Task<IReadOnlyList<Subscription>> OfOrganisation(string organisation) =>
        await Query("select id, organisation, callback_url, channels, verband, active, next_sequence from webhook_subscription where organisation = $1 order by created_at", organisation);

    public async Task<Subscription?> Get(Guid id) =>
        (await Query("select id, organisation, callback_url, channels, verband, active, next_sequence from webhook_subscription where id = $1", id)).SingleOrDefault();

    public async Task Deactivate(Guid id)
    {
        _active = ([], 0);
        await using var cmd = dataSource.CreateCommand("update webhook_subscription set active = false where id = $1");
        cmd.Parameters.AddWithValue(id);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Marks every message from a sequence number for delivery again; returns how many.</summary>
    public async Task<int> Replay(Guid id, long fromSequence)
    {
        await using var cmd = dataSource.CreateCommand(
            "update webhook_outbox set delivered_at = null, attempts = 0, next_attempt_at = now(), last_error = null where subscription_id = $1 and sequence >= $2");
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(fromSequence);
        return await cmd.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<DeliveryState>> Deliveries(Guid id, long fromSequence, int limit)
    {
        var list = new List<DeliveryState>();
        await using var cmd = dataSource.CreateCommand(
            "select sequence, created_at, attempts, delivered_at, last_error from webhook_outbox where subscription_id = $1 and sequence >= $2 order by sequence limit $3");
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(fromSequence);
        cmd.Parameters.AddWithValue(limit);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
            list.Add(new DeliveryState(r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(1), r.GetInt32(2),
                r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3), r.IsDBNull(4) ? null : r.GetString(4)));
        return list;
    }

    /// <summary>
    /// Takes the oldest undelivered message of each subscription that is due, leasing it for 30 s so that another
    /// silo's dispatcher does not send it at the same time. Messages of one subscription go out in order.
    /// </summary>
    public async Task<IReadOnlyList<OutboxMessage>> TakeDue(int limit)
    {
        var list = new List<OutboxMessage>();
        await using var cmd = dataSource.CreateCommand("""
            with due as (
                select o.subscription_id, o.sequence
                from webhook_outbox o
                join webhook_subscription s on s.id = o.subscription_id and s.active
                where o.delivered_at is null
                  and o.next_attempt_at <= now()
                  and o.sequence = (select min(p.sequence) from webhook_outbox p where p.subscription_id = o.subscription_id and p.delivered_at is null)
                limit $1
                for update of o skip locked)
            update webhook_outbox o set next_attempt_at = now() + interval '30 seconds'
            from due, webhook_subscription s
            where o.subscription_id = due.subscription_id and o.sequence = due.sequence and s.id = o.subscription_id
            returning o.subscription_id, o.sequence, o.payload::text, o.attempts, s.callback_url, s.secret
            """);
        cmd.Parameters.AddWithValue(limit);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
            list.Add(new OutboxMessage(r.GetGuid(0), r.GetInt64(1), r.GetString(2), r.GetInt32(3), r.GetString(4), r.GetString(5)));
        return list;
    }

    public async Task Delivered(OutboxMessage m)
    {
        await using var cmd = dataSource.CreateCommand("update webhook_outbox set delivered_at = now(), attempts = attempts + 1, last_error = null where subscription_id = $1 and sequence = $2");
        cmd.Parameters.AddWithValue(m.Subscription);
        cmd.Parameters.AddWithValue(m.Sequence);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task Failed(OutboxMessage m, string error, TimeSpan retryIn)
    {
        await using var cmd = dataSource.CreateCommand(
            "update webhook_outbox set attempts = attempts + 1, last_error = $3, next_attempt_at = now() + $4 where subscription_id = $1 and sequence = $2");
        cmd.Parameters.AddWithValue(m.Subscription);
        cmd.Parameters.AddWithValue(m.Sequence);
        cmd.Parameters.AddWithValue(error.Length > 500 ? error[..500] : error);
        cmd.Parameters.AddWithValue(retryIn);
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<IReadOnlyList<Subscription>> Active()
    {
        var cached = _active;
        if (cached.At != 0 && System.Diagnostics.Stopwatch.GetElapsedTime(cached.At) < ActiveFor) return cached.List;
        var list = await Query("select id, organisation, callback_url, channels, verband, active, next_sequence from webhook_subscription where active", null);
        _active = (list, System.Diagnostics.Stopwatch.GetTimestamp());
        return list;
    }

    private async Task<IReadOnlyList<Subscription>> Query(string sql, object? parameter)
    {
        var list = new List<Subscription>();
        await using var cmd = dataSource.CreateCommand(sql);
        if (parameter is not null) cmd.Parameters.AddWithValue(parameter);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
            list.Add(new Subscription(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetFieldValue<string[]>(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetBoolean(5), r.GetInt64(6)));
        return list;
    }
}
