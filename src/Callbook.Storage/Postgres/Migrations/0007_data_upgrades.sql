-- Data upgrades that need the application's own rules (not SQL), run after the schema migrations
-- in batches. Each batch moves the position in the transaction that changes its rows, so a run
-- killed at any point resumes where it stopped. 'phones-e164-v1': every stored number brought to
-- the canonical form of docs/phones.md (libphonenumber), in id order (ids begin with their creation second).
CREATE TABLE data_upgrades (
    name              text COLLATE "C" PRIMARY KEY,
    after_id          text COLLATE "C" NOT NULL,
    changed           bigint NOT NULL DEFAULT 0,
    kept              bigint NOT NULL DEFAULT 0,
    finished_at       bigint
);
INSERT INTO data_upgrades (name, after_id) VALUES ('phones-e164-v1', '');
