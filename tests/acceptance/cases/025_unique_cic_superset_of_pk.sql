-- label: safe
-- why: unique index built CONCURRENTLY on (org_id, id) where id is the primary key, so no duplicates can exist
-- Needed as the target of composite (org_id, account_id) foreign keys
-- from tenant-scoped tables. id is already the primary key, so this
-- cannot fail on existing data.
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS accounts_org_id_id_key
    ON accounts (org_id, id);
