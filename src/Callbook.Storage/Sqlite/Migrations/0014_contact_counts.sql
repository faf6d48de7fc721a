-- The same table as Postgres/Migrations/0014_contact_counts.sql.

-- How many contacts of each stream are ACTIVE and INACTIVE (erased contacts are in neither), so a
-- list reads its exact total here instead of counting the stream. Every change to contacts adds its
-- change in its own transaction, as its last statement (Storage/Sql/ContactCounters). A stream's
-- counts are the sum of its rows: PostgreSQL spreads concurrent writers over 16 slots, SQLite's
-- single writer uses slot 0.
CREATE TABLE contact_counts (
    stream_id  TEXT NOT NULL,
    slot       INTEGER NOT NULL,
    active     INTEGER NOT NULL,
    inactive   INTEGER NOT NULL,
    PRIMARY KEY (stream_id, slot)
) WITHOUT ROWID;

-- The counts of the rows already stored (ContactCounters.RecountSql).
INSERT INTO contact_counts (stream_id, slot, active, inactive)
SELECT stream_id, 0, count(*) FILTER (WHERE status = 'ACTIVE'), count(*) FILTER (WHERE status = 'INACTIVE')
FROM contacts GROUP BY stream_id;
