-- The same columns as Sqlite/Migrations/0011_webhook_changes_and_sessions.sql.

-- A subscription can be paused (active = 0: no event is queued for it and nothing pending is
-- sent) and its signing secret rotated: the secret it replaced stays in previous_secret until
-- previous_secret_until (Unix ms), and deliveries meanwhile carry a signature of each.
ALTER TABLE webhooks ADD COLUMN active integer NOT NULL DEFAULT 1;
ALTER TABLE webhooks ADD COLUMN previous_secret text;
ALTER TABLE webhooks ADD COLUMN previous_secret_until bigint;

-- A console session carries its user's security stamp; a new password, a lock-out or a reset
-- gives the user a new one, so every session signed in before stops at its next request.
ALTER TABLE console_users ADD COLUMN security_stamp text NOT NULL DEFAULT '';
UPDATE console_users SET security_stamp = md5(random()::text || id);
