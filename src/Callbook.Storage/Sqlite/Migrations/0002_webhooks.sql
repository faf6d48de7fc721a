-- Webhook subscriptions per stream. events is a bit mask (1 created, 2 updated, 4 deleted,
-- 8 restored); secret is the signing secret as ISecretProtector stored it. A deleted
-- subscription keeps its row (deleted_at) until its deliveries are purged in the background.
CREATE TABLE webhooks (
    id          TEXT PRIMARY KEY,
    stream_id   TEXT NOT NULL,
    url         TEXT NOT NULL,
    events      INTEGER NOT NULL,
    secret      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    deleted_at  INTEGER
);
CREATE INDEX webhooks_by_stream ON webhooks (stream_id, created_at) WHERE deleted_at IS NULL;

-- The outbox: one row per changed contact and matching subscription, written in the transaction
-- of the change. The event is (contact_id, version): its contact and changes are rebuilt from
-- contacts and contact_history when it is sent. A pending row is due at next_attempt_at unless a
-- node holds its lease (locked_by until locked_until).
CREATE TABLE webhook_deliveries (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id       TEXT NOT NULL,
    stream_id        TEXT NOT NULL,
    contact_id       TEXT NOT NULL,
    version          INTEGER NOT NULL,
    event_type       TEXT NOT NULL,
    occurred_at      INTEGER NOT NULL,
    status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    queued_at        INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL,
    locked_by        TEXT,
    locked_until     INTEGER,
    last_error       TEXT,
    last_status      INTEGER,
    completed_at     INTEGER
);
-- Due work of a subscription, oldest first.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (webhook_id, next_attempt_at, id) WHERE status = 'pending';
-- Per-contact order: is an earlier change of this contact still pending for this subscription?
CREATE INDEX webhook_deliveries_order ON webhook_deliveries (webhook_id, contact_id, version) WHERE status = 'pending';
-- A subscription's deliveries, newest first (the deliveries endpoint).
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, id);
-- Retention: finished deliveries by age.
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (completed_at) WHERE status <> 'pending';
