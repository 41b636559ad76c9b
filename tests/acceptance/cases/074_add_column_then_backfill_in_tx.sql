-- label: unsafe
-- why: whole-table UPDATE in the same transaction that took ACCESS EXCLUSIVE: users is locked for the entire backfill
BEGIN;
ALTER TABLE users ADD COLUMN display_name text;
UPDATE users SET display_name = coalesce(name, split_part(email, '@', 1));
COMMIT;
