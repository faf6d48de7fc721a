-- The same tables as Sqlite/Migrations/0002_webhooks.sql.

-- Webhook subscriptions per stream. events is a bit mask (1 created, 2 updated, 4 deleted,
-- 8 restored); secret is the signing secret as ISecretProtector stored it. A deleted
-- subscription keeps its row (deleted_at) until its deliveries are purged in the background.
CREATE TABLE webhooks (
    id          text COLLATE "C" PRIMARY KEY,
    stream_id   text COLLATE "C" NOT NULL,
    url         text NOT NULL,
    events      integer NOT NULL,
    secret      text NOT NULL,
    created_at  bigint NOT NULL,
    deleted_at  bigint
);
CREATE INDEX webhooks_by_stream ON webhooks (stream_id, created_at) WHERE deleted_at IS NULL;

-- The outbox: one row per changed contact and matching subscription, written in the transaction
-- of the change (in the same statement, for the set-based writes). The event is (contact_id,
-- version): its contact and changes are rebuilt from contacts and contact_history when it is
-- sent. A pending row is due at next_attempt_at unless a node holds its lease (locked_by until
-- locked_until); nodes claim with FOR UPDATE SKIP LOCKED.
CREATE TABLE webhook_deliveries (
    id               bigserial PRIMARY KEY,
    webhook_id       text COLLATE "C" NOT NULL,
    stream_id        text COLLATE "C" NOT NULL,
    contact_id       text COLLATE "C" NOT NULL,
    version          bigint NOT NULL,
    event_type       text NOT NULL,
    occurred_at      bigint NOT NULL,
    status           text COLLATE "C" NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    queued_at        bigint NOT NULL,
    next_attempt_at  bigint NOT NULL,
    locked_by        text,
    locked_until     bigint,
    last_error       text,
    last_status      integer,
    completed_at     bigint
)
-- A queue table: every row is updated twice (leased, then finished). Free room on each page lets the
-- lease update stay on its page without new index entries (HOT), and vacuuming after 2 % rather than
-- 20 % of the rows changed keeps dead entries from piling up in front of the due index.
WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.05);
-- Due work of a subscription, oldest first.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (webhook_id, next_attempt_at, id) WHERE status = 'pending';
-- Per-contact order: is an earlier change of this contact still pending for this subscription?
CREATE INDEX webhook_deliveries_order ON webhook_deliveries (webhook_id, contact_id, version) WHERE status = 'pending';
-- A subscription's deliveries, newest first (the deliveries endpoint).
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, id);
-- Retention: finished deliveries by age.
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (completed_at) WHERE status <> 'pending';
