-- 011 - A case's history, one row per event, apart from the case record (grain state). A change appends its events
-- instead of rewriting the whole history inside the record, and an idle case keeps none in memory
-- (docs/benchmarks.md, W1 and W3). The record is written after its events: a row with a sequence above the record's
-- version is from a change whose record write failed; it is never read and the next change replaces it.

CREATE TABLE case_event
(
    service_id text   NOT NULL,
    case_id    text   NOT NULL,
    sequence   bigint NOT NULL,
    event      jsonb  NOT NULL,
    PRIMARY KEY (service_id, case_id, sequence)
);
