-- 002 - grain state storage (Microsoft.Orleans.Persistence.AdoNet).
--
-- What the provider sends with every storage query
--   GrainIdHash, GrainTypeHash   int     hashes computed by the provider
--   GrainIdN0, GrainIdN1         bigint  numeric key parts (0 for string keys)
--   GrainTypeString              text    grain type name
--   GrainIdExtensionString       text    key extension, or the string key, or NULL
--   ServiceId                    text
--   GrainStateVersion            int     the ETag the grain holds, NULL if none
--   PayloadBinary                bytea   serialized state (write only)
--
-- The serializer output always travels as PayloadBinary. A JSON serializer
-- (System.Text.Json) just makes those bytes UTF-8 JSON text, readable with
--     convert_from(payload, 'UTF8')::jsonb
-- The provider knows no separate JSON or XML payload column.
--
-- Version (ETag) rules the queries below implement
--   * a brand-new record starts at version 1;
--   * every successful write or clear adds 1 and returns the new number;
--   * a write or clear whose GrainStateVersion does not match the stored
--     version changes nothing and returns one row holding NULL, which the
--     provider turns into an InconsistentStateException. Returning a row
--     (and not zero rows) matters for the first write of a grain, where the
--     grain holds no ETag, because zero rows would be taken as success there.
--   * clear keeps the row with a NULL payload, so the version keeps counting
--     and a later read reports "no record" together with the current ETag.

CREATE TABLE orleans_grain_state
(
    service_id      text        NOT NULL,
    grain_type_hash integer     NOT NULL,
    grain_id_hash   integer     NOT NULL,
    grain_id_n0     bigint      NOT NULL,
    grain_id_n1     bigint      NOT NULL,
    grain_type      text        NOT NULL,
    grain_key_ext   text        NULL,
    payload         bytea       NULL,
    version         integer     NOT NULL,
    modified_at     timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT orleans_grain_state_version_positive CHECK (version > 0)
);

-- One row per grain identity. The two strings enter the key as md5 digests,
-- which keeps index entries small however long a generic type name or a key
-- extension gets; NULLS NOT DISTINCT makes "no extension" a single value.
-- The leading columns also serve every lookup by identity.
CREATE UNIQUE INDEX orleans_grain_state_identity
    ON orleans_grain_state (service_id, grain_type_hash, grain_id_hash, grain_id_n0, grain_id_n1,
                            md5(grain_type), md5(grain_key_ext))
    NULLS NOT DISTINCT;

COMMENT ON TABLE orleans_grain_state IS
    'Orleans grain state, one row per grain identity; payload NULL means cleared.';

INSERT INTO orleansquery (querykey, querytext) VALUES
(
    'ReadFromStorageKey',
    '
SELECT s.payload AS "PayloadBinary",
       s.version AS "Version"
  FROM orleans_grain_state AS s
 WHERE s.service_id      = @ServiceId
   AND s.grain_type_hash = @GrainTypeHash
   AND s.grain_id_hash   = @GrainIdHash
   AND s.grain_id_n0     = @GrainIdN0
   AND s.grain_id_n1     = @GrainIdN1
   AND s.grain_type      = @GrainTypeString
   AND s.grain_key_ext IS NOT DISTINCT FROM @GrainIdExtensionString
'
),
(
    'WriteToStorageKey',
    '
WITH bumped AS (
    UPDATE orleans_grain_state AS s
       SET payload     = @PayloadBinary,
           version     = s.version + 1,
           modified_at = now()
     WHERE @GrainStateVersion IS NOT NULL
       AND s.version         = @GrainStateVersion
       AND s.service_id      = @ServiceId
       AND s.grain_type_hash = @GrainTypeHash
       AND s.grain_id_hash   = @GrainIdHash
       AND s.grain_id_n0     = @GrainIdN0
       AND s.grain_id_n1     = @GrainIdN1
       AND s.grain_type      = @GrainTypeString
       AND s.grain_key_ext IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING s.version
),
created AS (
    INSERT INTO orleans_grain_state
           (service_id, grain_type_hash, grain_id_hash, grain_id_n0, grain_id_n1,
            grain_type, grain_key_ext, payload, version)
    SELECT @ServiceId, @GrainTypeHash, @GrainIdHash, @GrainIdN0, @GrainIdN1,
           @GrainTypeString, @GrainIdExtensionString, @PayloadBinary, 1
     WHERE @GrainStateVersion IS NULL
    ON CONFLICT (service_id, grain_type_hash, grain_id_hash, grain_id_n0, grain_id_n1,
                 md5(grain_type), md5(grain_key_ext))
       DO NOTHING
    RETURNING version
)
SELECT (SELECT version FROM bumped
        UNION ALL
        SELECT version FROM created) AS "NewGrainStateVersion"
'
),
(
    'ClearStorageKey',
    '
WITH cleared AS (
    UPDATE orleans_grain_state AS s
       SET payload     = NULL,
           version     = s.version + 1,
           modified_at = now()
     WHERE s.version         = @GrainStateVersion
       AND s.service_id      = @ServiceId
       AND s.grain_type_hash = @GrainTypeHash
       AND s.grain_id_hash   = @GrainIdHash
       AND s.grain_id_n0     = @GrainIdN0
       AND s.grain_id_n1     = @GrainIdN1
       AND s.grain_type      = @GrainTypeString
       AND s.grain_key_ext IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING s.version
)
SELECT (SELECT version FROM cleared) AS "NewGrainStateVersion"
'
),
-- Used instead of ClearStorageKey when the provider option DeleteStateOnClear
-- is on. The row goes away; the value returned only has to differ from the
-- ETag the grain sent (the provider treats "same value" as a conflict and
-- then forgets the ETag), so it is the deleted version plus one.
(
    'DeleteStorageKey',
    '
WITH removed AS (
    DELETE FROM orleans_grain_state AS s
     WHERE s.version         = @GrainStateVersion
       AND s.service_id      = @ServiceId
       AND s.grain_type_hash = @GrainTypeHash
       AND s.grain_id_hash   = @GrainIdHash
       AND s.grain_id_n0     = @GrainIdN0
       AND s.grain_id_n1     = @GrainIdN1
       AND s.grain_type      = @GrainTypeString
       AND s.grain_key_ext IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING s.version
)
SELECT (SELECT version + 1 FROM removed) AS "NewGrainStateVersion"
'
);
