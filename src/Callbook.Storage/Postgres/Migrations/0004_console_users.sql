-- Web console users (password hashed with ASP.NET Core Identity's PasswordHasher) and their grants.
-- Times are Unix milliseconds (UTC). Emails are stored lower-cased.
CREATE TABLE console_users (
    id               text COLLATE "C" PRIMARY KEY,
    email            text COLLATE "C" NOT NULL UNIQUE,
    password_hash    text NOT NULL,
    failed_attempts  integer NOT NULL DEFAULT 0,
    locked_until     bigint,
    created_at       bigint NOT NULL
);

-- A grant covers a whole account (stream_id = '') or one stream of it.
CREATE TABLE console_grants (
    user_id     text COLLATE "C" NOT NULL REFERENCES console_users (id),
    account_id  text COLLATE "C" NOT NULL REFERENCES accounts (id),
    stream_id   text COLLATE "C" NOT NULL DEFAULT '',
    PRIMARY KEY (user_id, account_id, stream_id)
);
