-- Caller lookup: one number's contacts come out of the index already in list order (created_at, id),
-- so a lookup is one index probe and no sort. The status is checked on the row (a number has few).
DROP INDEX contacts_by_phone;
CREATE INDEX contacts_by_phone ON contacts (stream_id, phone_number, created_at, id);
