-- 012 - When each event was written, so a host can find the cases changed shortly before it started (or before the
-- last sweep) and make sure their events reached the webhook outbox: a crash between saving a case and handing its
-- events over would otherwise hold them back until that case changes again.

ALTER TABLE case_event ADD COLUMN recorded_at timestamptz NOT NULL DEFAULT now();

CREATE INDEX case_event_by_time ON case_event (recorded_at);
