-- The same column as Postgres/Migrations/0015_contact_change_numbers.sql.

-- Each counter row's change number: how many transactions added to it. Every write that changes
-- which contacts a stream's lists hold adds 1 to the row it adds its counts to, in the same
-- statement (Storage/Sql/ContactCounters), so a stream's number, read in the read transaction of a
-- list page, says whether the list's membership changed since position marks were taken
-- (Storage/Sql/PositionMarks). Rows start at 0.
ALTER TABLE contact_counts ADD COLUMN changes INTEGER NOT NULL DEFAULT 0;
