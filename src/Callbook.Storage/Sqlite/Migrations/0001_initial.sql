-- Tenancy: org → account → stream; apps (JWT clients) belong to an account and hold scopes per stream.
CREATE TABLE orgs (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE accounts (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs (id),
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE users (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs (id),
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE streams (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (id),
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX streams_by_account ON streams (account_id, created_at);

CREATE TABLE apps (
    client_id    TEXT PRIMARY KEY,
    actor_id     TEXT NOT NULL UNIQUE,
    account_id   TEXT NOT NULL REFERENCES accounts (id),
    user_id      TEXT NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    secret       TEXT NOT NULL,
    allow_hs512  INTEGER NOT NULL DEFAULT 0,
    enforce_jti  INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    revoked_at   INTEGER
);
CREATE INDEX apps_by_account ON apps (account_id, created_at);

CREATE TABLE app_scopes (
    app_id     TEXT NOT NULL REFERENCES apps (client_id),
    stream_id  TEXT NOT NULL REFERENCES streams (id),
    scope      TEXT NOT NULL,
    PRIMARY KEY (app_id, stream_id, scope)
) WITHOUT ROWID;

-- Token ids seen from apps that enforce jti, kept until the token expires.
CREATE TABLE used_token_ids (
    app_id      TEXT NOT NULL,
    jti         TEXT NOT NULL,
    expires_at  INTEGER NOT NULL,
    PRIMARY KEY (app_id, jti)
) WITHOUT ROWID;
CREATE INDEX used_token_ids_by_expiry ON used_token_ids (expires_at);

-- Contacts. Times are Unix milliseconds (UTC). stream/account/org are copied onto every row
-- so that every query filters on the tenant key without a join.
CREATE TABLE contacts (
    id                  TEXT PRIMARY KEY,
    stream_id           TEXT NOT NULL,
    account_id          TEXT NOT NULL,
    org_id              TEXT NOT NULL,
    first_name          TEXT NOT NULL,
    last_name           TEXT NOT NULL,
    salutation          TEXT NOT NULL,
    phone_extension     TEXT NOT NULL,
    phone_number        TEXT NOT NULL,
    phone_country_code  TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE')),
    address             TEXT NOT NULL,
    twitter_details     TEXT NOT NULL,
    created_by          TEXT NOT NULL,
    created_by_aid      TEXT NOT NULL,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    updated_by          TEXT,
    updated_by_aid      TEXT,
    -- Grows by one with every change; the ETag of the contact.
    version             INTEGER NOT NULL DEFAULT 1,
    -- ContactSearch keys (NFKC, lower case), computed by the application.
    search_full         TEXT NOT NULL,
    search_last         TEXT NOT NULL
);

-- At most one ACTIVE contact per stored number in a stream, enforced by the database.
CREATE UNIQUE INDEX contacts_active_phone ON contacts (stream_id, phone_number) WHERE status = 'ACTIVE';
-- List by status (the default ACTIVE filter) and list everything, both in (created_at, id) order.
CREATE INDEX contacts_by_status ON contacts (stream_id, status, created_at, id);
CREATE INDEX contacts_by_stream ON contacts (stream_id, created_at, id);
-- Caller lookup by stored number in any status (the unique index above serves ACTIVE only).
CREATE INDEX contacts_by_phone ON contacts (stream_id, phone_number, status);
-- Name search: prefix ranges on the normalised full name and last name.
CREATE INDEX contacts_search_full ON contacts (stream_id, search_full);
CREATE INDEX contacts_search_last ON contacts (stream_id, search_last);

-- Every change after creation, written in the transaction of the change.
CREATE TABLE contact_history (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id    TEXT NOT NULL,
    stream_id     TEXT NOT NULL,
    at            INTEGER NOT NULL,
    user_id       TEXT NOT NULL,
    app_actor_id  TEXT NOT NULL,
    operation     TEXT NOT NULL,
    changes       TEXT NOT NULL
);
CREATE INDEX contact_history_by_contact ON contact_history (stream_id, contact_id, seq);

-- Idempotency-Key answers per app, stream and key ('pending' while the first request runs).
CREATE TABLE idempotency_keys (
    client_id     TEXT NOT NULL,
    stream_id     TEXT NOT NULL,
    key           TEXT NOT NULL,
    request_hash  BLOB NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('pending', 'done')),
    status        INTEGER,
    content_type  TEXT,
    body          BLOB,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (client_id, stream_id, key)
) WITHOUT ROWID;

-- Secrets of the installation shared by every node, e.g. the cursor signing key.
CREATE TABLE server_secrets (
    name   TEXT PRIMARY KEY,
    value  BLOB NOT NULL
) WITHOUT ROWID;
