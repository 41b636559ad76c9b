-- label: unsafe
-- why: DETACH ... CONCURRENTLY cannot run inside a transaction block: the migration fails
BEGIN;
ALTER TABLE measurements DETACH PARTITION measurements_2024_02 CONCURRENTLY;
ALTER TABLE measurements_2024_02 RENAME TO measurements_2024_02_archived;
COMMIT;
