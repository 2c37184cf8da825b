-- 013 - How far the webhook hand-over sweep got, per service: a host that starts looks at every case changed since
-- then, however long all hosts were down, instead of a fixed hour back (HandOverSweep).

CREATE TABLE handover_sweep
(
    service_id  text        NOT NULL PRIMARY KEY,
    swept_until timestamptz NOT NULL
);
