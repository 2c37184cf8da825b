-- 007 - webhooks in the style of the ZGW Notificaties API: subscriptions, and a durable outbox per subscription.
-- Each message gets the next sequence number of its subscription when it is written; the dispatcher delivers
-- them in order with retries and back-off, and a replay marks messages from a sequence number for delivery again.

CREATE TABLE webhook_subscription
(
    id            uuid        PRIMARY KEY,
    organisation  text        NOT NULL,
    callback_url  text        NOT NULL,
    channels      text[]      NOT NULL,
    verband       text        NULL,
    secret        text        NOT NULL,
    next_sequence bigint      NOT NULL DEFAULT 1,
    active        boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE webhook_outbox
(
    subscription_id uuid        NOT NULL REFERENCES webhook_subscription (id),
    sequence        bigint      NOT NULL,
    payload         jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz NULL,
    last_error      text        NULL,
    PRIMARY KEY (subscription_id, sequence)
);

-- The dispatcher looks for the oldest undelivered message of each subscription.
CREATE INDEX webhook_outbox_pending ON webhook_outbox (subscription_id, sequence) WHERE delivered_at IS NULL;
