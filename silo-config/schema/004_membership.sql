-- 004 - cluster membership (Microsoft.Orleans.Clustering.AdoNet), used by the
-- silos (membership table) and by clients (gateway list).
--
-- Parameters the provider binds
--   DeploymentId  text         the ClusterId
--   Address       text         silo IP address as text
--   Port, Generation, ProxyPort, Status   int
--   SiloName, HostName         text
--   StartTime, IAmAliveTime    timestamptz (UTC)
--   SuspectTimes  text or NULL "silo,date|silo,date|..." as written by Orleans
--   Version       int          the table version (ETag) the caller last read
--
-- Optimistic concurrency follows the Orleans membership protocol: one version
-- row per cluster. Every insert or update of a member must name the version
-- it read; it succeeds only if that is still the stored version, and then
-- bumps the version by one in the same statement. Those queries return one
-- row with one column, 1 for success and 0 for a lost race, and change
-- nothing when they return 0. The I-am-alive heartbeat and the clean-up of
-- dead silos deliberately leave the version alone.
--
-- Reads return the version row joined with the member rows, so there is always
-- at least one row; member columns are NULL when the cluster has no member
-- yet (the provider checks StartTime for that).
--
-- SiloStatus values used here: 3 = Active, 6 = Dead.

CREATE TABLE orleans_cluster_version
(
    deployment_id text        NOT NULL,
    version       integer     NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT orleans_cluster_version_pk PRIMARY KEY (deployment_id)
);

CREATE TABLE orleans_cluster_member
(
    deployment_id   text        NOT NULL,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL,
    suspect_times   text        NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,

    CONSTRAINT orleans_cluster_member_pk PRIMARY KEY (deployment_id, address, port, generation),
    -- Removing a cluster (DeleteMembershipTableEntriesKey) removes its
    -- version row; the members follow through the cascade.
    CONSTRAINT orleans_cluster_member_cluster_fk FOREIGN KEY (deployment_id)
        REFERENCES orleans_cluster_version (deployment_id) ON DELETE CASCADE
);

COMMENT ON TABLE orleans_cluster_version IS
    'Orleans membership: one row per cluster, version is the table ETag.';
COMMENT ON TABLE orleans_cluster_member IS
    'Orleans membership: one row per silo incarnation (address, port, generation).';

INSERT INTO orleansquery (querykey, querytext) VALUES
-- First silo of a cluster creates the version row; 1 if it did, 0 if the
-- row was there already.
(
    'InsertMembershipVersionKey',
    '
WITH created AS (
    INSERT INTO orleans_cluster_version (deployment_id)
    VALUES (@DeploymentId)
    ON CONFLICT ON CONSTRAINT orleans_cluster_version_pk DO NOTHING
    RETURNING 1
)
SELECT CAST(count(*) AS integer) AS "Created" FROM created
'
),
(
    'MembershipReadAllKey',
    '
SELECT v.deployment_id   AS "DeploymentId",
       m.address         AS "Address",
       m.port            AS "Port",
       m.generation      AS "Generation",
       m.silo_name       AS "SiloName",
       m.host_name       AS "HostName",
       m.status          AS "Status",
       m.proxy_port      AS "ProxyPort",
       m.suspect_times   AS "SuspectTimes",
       m.start_time      AS "StartTime",
       m.i_am_alive_time AS "IAmAliveTime",
       v.version         AS "Version"
  FROM orleans_cluster_version AS v
  LEFT JOIN orleans_cluster_member AS m
         ON m.deployment_id = v.deployment_id
 WHERE v.deployment_id = @DeploymentId
'
),
(
    'MembershipReadRowKey',
    '
SELECT v.deployment_id   AS "DeploymentId",
       m.address         AS "Address",
       m.port            AS "Port",
       m.generation      AS "Generation",
       m.silo_name       AS "SiloName",
       m.host_name       AS "HostName",
       m.status          AS "Status",
       m.proxy_port      AS "ProxyPort",
       m.suspect_times   AS "SuspectTimes",
       m.start_time      AS "StartTime",
       m.i_am_alive_time AS "IAmAliveTime",
       v.version         AS "Version"
  FROM orleans_cluster_version AS v
  LEFT JOIN orleans_cluster_member AS m
         ON m.deployment_id = v.deployment_id
        AND m.address       = @Address
        AND m.port          = @Port
        AND m.generation    = @Generation
 WHERE v.deployment_id = @DeploymentId
'
),
-- Adds a silo incarnation. The version row is bumped first (locking it, so
-- concurrent writers queue up and re-check the version); the member row is
-- inserted only from the row that was bumped. A member that already exists
-- makes the whole statement a no-op returning 0.
(
    'InsertMembershipKey',
    '
WITH bumped AS (
    UPDATE orleans_cluster_version AS v
       SET version    = v.version + 1,
           changed_at = now()
     WHERE v.deployment_id = @DeploymentId
       AND v.version       = @Version
       AND NOT EXISTS (SELECT 1
                         FROM orleans_cluster_member AS m
                        WHERE m.deployment_id = @DeploymentId
                          AND m.address       = @Address
                          AND m.port          = @Port
                          AND m.generation    = @Generation)
    RETURNING v.deployment_id
),
added AS (
    INSERT INTO orleans_cluster_member
           (deployment_id, address, port, generation, silo_name, host_name,
            status, proxy_port, suspect_times, start_time, i_am_alive_time)
    SELECT b.deployment_id, @Address, @Port, @Generation, @SiloName, @HostName,
           @Status, @ProxyPort, NULL, @StartTime, @IAmAliveTime
      FROM bumped AS b
    RETURNING 1
)
SELECT CAST(count(*) AS integer) AS "Inserted" FROM added
'
),
-- Changes status, suspicion votes and heartbeat of one silo, under the same
-- version check and bump as the insert. An unknown silo returns 0 and leaves
-- the version alone.
(
    'UpdateMembershipKey',
    '
WITH bumped AS (
    UPDATE orleans_cluster_version AS v
       SET version    = v.version + 1,
           changed_at = now()
     WHERE v.deployment_id = @DeploymentId
       AND v.version       = @Version
       AND EXISTS (SELECT 1
                     FROM orleans_cluster_member AS m
                    WHERE m.deployment_id = @DeploymentId
                      AND m.address       = @Address
                      AND m.port          = @Port
                      AND m.generation    = @Generation)
    RETURNING v.deployment_id
),
changed AS (
    UPDATE orleans_cluster_member AS m
       SET status          = @Status,
           suspect_times   = @SuspectTimes,
           i_am_alive_time = @IAmAliveTime
      FROM bumped AS b
     WHERE m.deployment_id = b.deployment_id
       AND m.address       = @Address
       AND m.port          = @Port
       AND m.generation    = @Generation
    RETURNING 1
)
SELECT CAST(count(*) AS integer) AS "Updated" FROM changed
'
),
-- Heartbeat. Not version checked; Orleans does not look at any result.
(
    'UpdateIAmAlivetimeKey',
    '
UPDATE orleans_cluster_member
   SET i_am_alive_time = @IAmAliveTime
 WHERE deployment_id = @DeploymentId
   AND address       = @Address
   AND port          = @Port
   AND generation    = @Generation
'
),
-- Removes a whole cluster: the version row, and through the cascade its members.
(
    'DeleteMembershipTableEntriesKey',
    '
DELETE FROM orleans_cluster_version
 WHERE deployment_id = @DeploymentId
'
),
-- Gateway list for clients: active silos that expose a gateway port.
(
    'GatewaysQueryKey',
    '
SELECT m.address    AS "Address",
       m.proxy_port AS "ProxyPort",
       m.generation AS "Generation"
  FROM orleans_cluster_member AS m
 WHERE m.deployment_id = @DeploymentId
   AND m.status        = @Status
   AND m.proxy_port    > 0
'
),
-- Bulk clean-up, required by the provider but only used when the per-silo
-- key below is absent. IAmAliveTime carries the cut-off time here. Only
-- silos declared dead whose start and last heartbeat are both older than the
-- cut-off are removed; a silo in any other state is never touched.
(
    'CleanupDefunctSiloEntriesKey',
    '
DELETE FROM orleans_cluster_member
 WHERE deployment_id   = @DeploymentId
   AND status          = 6
   AND start_time      < @IAmAliveTime
   AND i_am_alive_time < @IAmAliveTime
'
),
-- Per-silo clean-up (optional key, preferred by the 10.x provider when
-- present). The provider reads all members, picks the dead ones older than
-- the cut-off with no recent suspicion vote, and sends each one back with the
-- values it read. The row is removed only if it is still dead and unchanged
-- since that read (compare-and-delete). An empty and a missing list of
-- suspicion votes count as the same thing, as they do for Orleans.
(
    'CleanupDefunctSiloEntryKey',
    '
DELETE FROM orleans_cluster_member
 WHERE deployment_id   = @DeploymentId
   AND address         = @Address
   AND port            = @Port
   AND generation      = @Generation
   AND status          = 6
   AND start_time      = @StartTime
   AND i_am_alive_time = @IAmAliveTime
   AND coalesce(suspect_times, '''') = coalesce(@SuspectTimes, '''')
'
);
