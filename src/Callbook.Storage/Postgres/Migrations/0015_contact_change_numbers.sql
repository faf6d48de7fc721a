-- The same column as Sqlite/Migrations/0015_contact_change_numbers.sql.

-- Each counter row's change number: how many transactions added to it. Every write that changes
-- which contacts a stream's lists hold adds 1 to the row it adds its counts to, in the same
-- statement (Storage/Sql/ContactCounters), so a stream's row numbers, read in one snapshot with a
-- list page, say whether the list's membership changed since position marks were taken
-- (Storage/Sql/PositionMarks). Rows start at 0. Nodes of an older version do not move these
-- numbers: stop them before the first node of this version starts (docs/scaling.md).
ALTER TABLE contact_counts ADD COLUMN changes bigint NOT NULL DEFAULT 0;
