-- 014 - Cases whose hand-over failed in a sweep, per service: the next sweep of any host tries them again, also when
-- the host that saw them fail is gone and the sweeps have moved past the time of their change (HandOverSweep).

CREATE TABLE handover_retry
(
    service_id text        NOT NULL,
    case_id    text        NOT NULL,
    failed_at  timestamptz NOT NULL,
    PRIMARY KEY (service_id, case_id)
);
