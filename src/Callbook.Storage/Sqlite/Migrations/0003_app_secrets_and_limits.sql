-- Secret rotation with a grace period, and rate limits per app (NULL: the configured default).
ALTER TABLE apps ADD COLUMN previous_secret TEXT;
ALTER TABLE apps ADD COLUMN previous_secret_expires_at INTEGER;
ALTER TABLE apps ADD COLUMN rate_per_minute INTEGER;
ALTER TABLE apps ADD COLUMN rate_per_hour INTEGER;
