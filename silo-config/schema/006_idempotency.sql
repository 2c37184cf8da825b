-- 006 - Idempotency-Key: the first answer to a POST, kept per calling organisation and key, so that a retry
-- (after a timeout, a dropped connection) gets the same answer and changes nothing.
-- A row without a status is a request still being processed.

CREATE TABLE idempotency_key
(
    organisation text        NOT NULL,
    key          text        NOT NULL,
    request_hash text        NOT NULL,
    status       integer     NULL,
    content_type text        NULL,
    location     text        NULL,
    etag         text        NULL,
    body         bytea       NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organisation, key)
);

CREATE INDEX idempotency_key_by_age ON idempotency_key (created_at);
