-- The same schema as Sqlite/Migrations/0001_initial.sql, so both stores behave identically:
-- times are bigint Unix milliseconds (UTC), JSON arrays are text kept as sent.
-- Ids and phone numbers use the "C" collation: byte order, like SQLite's BINARY, whatever the
-- cluster's locale, so (created_at, id) ordering is the same on both backends.

-- Tenancy: org → account → stream; apps (JWT clients) belong to an account and hold scopes per stream.
CREATE TABLE orgs (
    id          text COLLATE "C" PRIMARY KEY,
    name        text NOT NULL,
    created_at  bigint NOT NULL
);

CREATE TABLE accounts (
    id          text COLLATE "C" PRIMARY KEY,
    org_id      text COLLATE "C" NOT NULL REFERENCES orgs (id),
    name        text NOT NULL,
    created_at  bigint NOT NULL
);

CREATE TABLE users (
    id          text COLLATE "C" PRIMARY KEY,
    org_id      text COLLATE "C" NOT NULL REFERENCES orgs (id),
    name        text NOT NULL,
    created_at  bigint NOT NULL
);

CREATE TABLE streams (
    id          text COLLATE "C" PRIMARY KEY,
    account_id  text COLLATE "C" NOT NULL REFERENCES accounts (id),
    name        text NOT NULL,
    created_at  bigint NOT NULL
);
CREATE INDEX streams_by_account ON streams (account_id, created_at);

CREATE TABLE apps (
    client_id    text COLLATE "C" PRIMARY KEY,
    actor_id     text COLLATE "C" NOT NULL UNIQUE,
    account_id   text COLLATE "C" NOT NULL REFERENCES accounts (id),
    user_id      text COLLATE "C" NOT NULL REFERENCES users (id),
    name         text NOT NULL,
    secret       text NOT NULL,
    allow_hs512  boolean NOT NULL DEFAULT false,
    enforce_jti  boolean NOT NULL DEFAULT false,
    created_at   bigint NOT NULL,
    revoked_at   bigint
);
CREATE INDEX apps_by_account ON apps (account_id, created_at);

CREATE TABLE app_scopes (
    app_id     text COLLATE "C" NOT NULL REFERENCES apps (client_id),
    stream_id  text COLLATE "C" NOT NULL REFERENCES streams (id),
    scope      text COLLATE "C" NOT NULL,
    PRIMARY KEY (app_id, stream_id, scope)
);

-- Token ids seen from apps that enforce jti, kept until the token expires; shared by every node.
CREATE TABLE used_token_ids (
    app_id      text COLLATE "C" NOT NULL,
    jti         text COLLATE "C" NOT NULL,
    expires_at  bigint NOT NULL,
    PRIMARY KEY (app_id, jti)
);
CREATE INDEX used_token_ids_by_expiry ON used_token_ids (expires_at);

-- Contacts. stream/account/org are copied onto every row so that every query filters on the
-- tenant key without a join.
CREATE TABLE contacts (
    id                  text COLLATE "C" PRIMARY KEY,
    stream_id           text COLLATE "C" NOT NULL,
    account_id          text COLLATE "C" NOT NULL,
    org_id              text COLLATE "C" NOT NULL,
    first_name          text NOT NULL,
    last_name           text NOT NULL,
    salutation          text NOT NULL,
    phone_extension     text NOT NULL,
    phone_number        text COLLATE "C" NOT NULL,
    phone_country_code  text NOT NULL,
    status              text COLLATE "C" NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE')),
    address             text NOT NULL,
    twitter_details     text NOT NULL,
    created_by          text NOT NULL,
    created_by_aid      text NOT NULL,
    created_at          bigint NOT NULL,
    updated_at          bigint NOT NULL,
    updated_by          text,
    updated_by_aid      text,
    -- Grows by one with every change (update, delete, restore); the ETag of the contact.
    version             bigint NOT NULL DEFAULT 1,
    -- ContactSearch keys (NFKC, invariant lower case), computed by the application, never by
    -- SQL lower(): byte order ("C") so that prefix ranges match SQLite's BINARY comparisons.
    search_full         text COLLATE "C" NOT NULL,
    search_last         text COLLATE "C" NOT NULL
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

-- Every change after creation (the creation entry is derived), written in the transaction of
-- the change. seq orders a contact's entries.
CREATE TABLE contact_history (
    seq           bigserial PRIMARY KEY,
    contact_id    text COLLATE "C" NOT NULL,
    stream_id     text COLLATE "C" NOT NULL,
    at            bigint NOT NULL,
    user_id       text NOT NULL,
    app_actor_id  text NOT NULL,
    operation     text NOT NULL,
    changes       text NOT NULL
);
CREATE INDEX contact_history_by_contact ON contact_history (stream_id, contact_id, seq);

-- Idempotency-Key answers per app, stream and key ('pending' while the first request runs).
CREATE TABLE idempotency_keys (
    client_id     text COLLATE "C" NOT NULL,
    stream_id     text COLLATE "C" NOT NULL,
    key           text COLLATE "C" NOT NULL,
    request_hash  bytea NOT NULL,
    state         text NOT NULL CHECK (state IN ('pending', 'done')),
    status        integer,
    content_type  text,
    body          bytea,
    created_at    bigint NOT NULL,
    PRIMARY KEY (client_id, stream_id, key)
);

-- Secrets of the installation shared by every node, e.g. the cursor signing key.
CREATE TABLE server_secrets (
    name   text COLLATE "C" PRIMARY KEY,
    value  bytea NOT NULL
);
