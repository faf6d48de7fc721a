-- The same table as Sqlite/Migrations/0014_contact_counts.sql.

-- How many contacts of each stream are ACTIVE and INACTIVE (erased contacts are in neither), so a
-- list reads its exact total here instead of counting the stream. Every change to contacts adds its
-- change in its own transaction, as its last statement (Storage/Sql/ContactCounters). A stream's
-- counts are the sum of its rows: each transaction adds to one of 16 slots chosen at random, so
-- concurrent writers of one stream rarely wait on one row; the counts below start in slot 0.
CREATE TABLE contact_counts (
    stream_id  text COLLATE "C" NOT NULL,
    slot       integer NOT NULL,
    active     bigint NOT NULL,
    inactive   bigint NOT NULL,
    PRIMARY KEY (stream_id, slot)
);

-- The counts of the rows already stored (ContactCounters.RecountSql), once every write still in
-- flight has committed. Nodes of an older version do not keep these counters: stop them before the
-- first node of this version starts (docs/scaling.md).
LOCK TABLE contacts IN SHARE MODE;
INSERT INTO contact_counts (stream_id, slot, active, inactive)
SELECT stream_id, 0, count(*) FILTER (WHERE status = 'ACTIVE'), count(*) FILTER (WHERE status = 'INACTIVE')
FROM contacts GROUP BY stream_id;
