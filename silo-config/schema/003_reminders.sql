-- 003 - reminder table (Microsoft.Orleans.Reminders.AdoNet).
--
-- Parameters the provider binds
--   ServiceId     text
--   GrainId       text         GrainId.ToString()
--   ReminderName  text
--   GrainHash     int          uniform hash of the grain id (uint cast to int)
--   BeginHash,
--   EndHash       int          ring range bounds (uint cast to int)
--   StartTime     timestamptz  UTC
--   Period        int or bigint, milliseconds (bigint only above int range)
--   Version       int          the ETag a delete expects
--
-- Every read returns the columns GrainId, ReminderName, StartTime, Period and
-- Version. The ETag of a reminder is its version number: 1 on first insert,
-- plus one on each upsert of the same reminder.

CREATE TABLE orleans_reminder
(
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    grain_hash    integer     NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint      NOT NULL,
    version       integer     NOT NULL,

    CONSTRAINT orleans_reminder_pk PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- Range reads walk the hash ring of one service.
CREATE INDEX orleans_reminder_ring ON orleans_reminder (service_id, grain_hash);

COMMENT ON TABLE orleans_reminder IS
    'Orleans reminders; version is the ETag, period_ms the period in milliseconds.';

INSERT INTO orleansquery (querykey, querytext) VALUES
(
    'ReadReminderRowsKey',
    '
SELECT r.grain_id      AS "GrainId",
       r.reminder_name AS "ReminderName",
       r.start_time    AS "StartTime",
       r.period_ms     AS "Period",
       r.version       AS "Version"
  FROM orleans_reminder AS r
 WHERE r.service_id = @ServiceId
   AND r.grain_id   = @GrainId
'
),
(
    'ReadReminderRowKey',
    '
SELECT r.grain_id      AS "GrainId",
       r.reminder_name AS "ReminderName",
       r.start_time    AS "StartTime",
       r.period_ms     AS "Period",
       r.version       AS "Version"
  FROM orleans_reminder AS r
 WHERE r.service_id    = @ServiceId
   AND r.grain_id      = @GrainId
   AND r.reminder_name = @ReminderName
'
),
-- The provider picks this text when BeginHash < EndHash as signed ints:
-- the range (BeginHash, EndHash] does not wrap around.
(
    'ReadRangeRows1Key',
    '
SELECT r.grain_id      AS "GrainId",
       r.reminder_name AS "ReminderName",
       r.start_time    AS "StartTime",
       r.period_ms     AS "Period",
       r.version       AS "Version"
  FROM orleans_reminder AS r
 WHERE r.service_id = @ServiceId
   AND r.grain_hash > @BeginHash
   AND r.grain_hash <= @EndHash
'
),
-- Otherwise the range wraps past the end of the ring (or covers all of it
-- when both bounds are equal): everything above BeginHash plus everything up
-- to and including EndHash.
(
    'ReadRangeRows2Key',
    '
SELECT r.grain_id      AS "GrainId",
       r.reminder_name AS "ReminderName",
       r.start_time    AS "StartTime",
       r.period_ms     AS "Period",
       r.version       AS "Version"
  FROM orleans_reminder AS r
 WHERE r.service_id = @ServiceId
   AND (r.grain_hash > @BeginHash OR r.grain_hash <= @EndHash)
'
),
-- Insert or replace; always returns exactly one row with the new ETag.
(
    'UpsertReminderRowKey',
    '
INSERT INTO orleans_reminder AS r
       (service_id, grain_id, reminder_name, grain_hash, start_time, period_ms, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @GrainHash, @StartTime, @Period, 1)
ON CONFLICT ON CONSTRAINT orleans_reminder_pk DO UPDATE
   SET grain_hash = EXCLUDED.grain_hash,
       start_time = EXCLUDED.start_time,
       period_ms  = EXCLUDED.period_ms,
       version    = r.version + 1
RETURNING r.version AS "Version"
'
),
-- Removes the reminder only if its ETag still matches. Always one row, one
-- column: the number of rows removed (1 = removed, 0 = stale ETag or gone).
(
    'DeleteReminderRowKey',
    '
WITH removed AS (
    DELETE FROM orleans_reminder AS r
     WHERE r.service_id    = @ServiceId
       AND r.grain_id      = @GrainId
       AND r.reminder_name = @ReminderName
       AND r.version       = @Version
    RETURNING 1
)
SELECT CAST(count(*) AS integer) AS "Removed" FROM removed
'
),
-- Test helper of the provider: wipe all reminders of one service.
(
    'DeleteReminderRowsKey',
    '
DELETE FROM orleans_reminder
 WHERE service_id = @ServiceId
'
);
