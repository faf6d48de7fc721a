-- The same index as Postgres/Migrations/0013_erasure_times.sql.

-- Erasures of a stream by time: a stored idempotent answer and a console upload or error report
-- taken before an erasure are checked against the stream's later tombstones (on every node).
CREATE INDEX erased_contacts_by_stream_time ON erased_contacts (stream_id, erased_at);
