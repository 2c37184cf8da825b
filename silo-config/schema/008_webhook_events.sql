-- 008 - which case event a webhook message is about, so that handing the same events to the outbox again (after
-- a crash between saving a case and writing its messages) adds nothing twice and takes no sequence number.

ALTER TABLE webhook_outbox ADD COLUMN case_id text NULL;
ALTER TABLE webhook_outbox ADD COLUMN case_event bigint NULL;

CREATE UNIQUE INDEX webhook_outbox_once_per_event ON webhook_outbox (subscription_id, case_id, case_event) WHERE case_id IS NOT NULL;
