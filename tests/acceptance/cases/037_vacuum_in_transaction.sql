-- label: unsafe
-- why: VACUUM cannot run inside a transaction block: the migration fails
BEGIN;
DELETE FROM feature_flags WHERE name = 'legacy_checkout';
VACUUM ANALYZE feature_flags;
COMMIT;
