-- The same table as Sqlite/Migrations/0010_erasure.sql.

-- Erasure (GDPR art. 17): what remains of an erased contact. The contacts row is deleted; its
-- history rows keep who and when (changes emptied) and end with an 'erased' row. No personal field.
CREATE TABLE erased_contacts (
    id              text COLLATE "C" PRIMARY KEY,
    stream_id       text COLLATE "C" NOT NULL,
    -- The version the erasure brought the contact to: its contact.erased event is ev-{id}-{version}.
    version         bigint NOT NULL,
    created_at      bigint NOT NULL,
    created_by      text NOT NULL,
    created_by_aid  text NOT NULL,
    erased_at       bigint NOT NULL,
    erased_by       text NOT NULL,
    erased_by_aid   text NOT NULL
);

-- contact.erased is bit 16. A subscription that wanted deletions also learns of erasures, so a
-- receiver keeping copies can drop its own.
UPDATE webhooks SET events = events | 16 WHERE (events & 4) <> 0;
