-- 005 - who read which child's file: every read of a case's details (HTTP, case room, export) is one row.
-- Append-only: the application inserts and reads; updating, deleting or truncating rows is refused by the
-- database itself, so the log stays the record that parents, a bezwaarcommissie or an auditor can rely on.

CREATE TABLE case_access_log
(
    id           bigserial   PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT now(),
    case_id      text        NOT NULL,
    name         text        NOT NULL,
    organisation text        NOT NULL,
    role         text        NOT NULL,
    what         text        NOT NULL
);

CREATE INDEX case_access_log_by_case ON case_access_log (case_id, id);

CREATE FUNCTION case_access_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'case_access_log is append-only';
END
$$;

CREATE TRIGGER case_access_log_no_update_or_delete
    BEFORE UPDATE OR DELETE ON case_access_log
    FOR EACH ROW EXECUTE FUNCTION case_access_log_refuse_change();

CREATE TRIGGER case_access_log_no_truncate
    BEFORE TRUNCATE ON case_access_log
    FOR EACH STATEMENT EXECUTE FUNCTION case_access_log_refuse_change();
